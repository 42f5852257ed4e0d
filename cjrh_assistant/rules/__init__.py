"""Rule packs and the pure, exact rule engine (no I/O apart from loading packs, no model, no clock)."""
