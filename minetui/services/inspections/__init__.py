"""Field verification, special surveys and joint spot-checks, and their findings (R-VER-1, R-SUR-*, R-SPOT-1)."""
