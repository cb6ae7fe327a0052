# The newsroom-scale benchmark: `python -m bench` (see run.py and the README, "Performance").
