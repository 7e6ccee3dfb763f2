"""minetui's benchmark suite: `python -m benchmarks [--scale district|province] [--json FILE]` (see README,
"Performance"). Benchmarks are not tests: CI runs the district scale as a smoke check only."""
