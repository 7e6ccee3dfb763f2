"""Field verification (R-VER-1), special surveys (R-SUR-*), joint spot-checks (R-SPOT-1) and their tasks."""
