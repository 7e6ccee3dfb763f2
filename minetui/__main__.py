from minetui.cli import main

raise SystemExit(main())
