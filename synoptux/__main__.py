from synoptux.cli import main

raise SystemExit(main())
