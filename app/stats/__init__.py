"""Statistics: roll-ups maintained as facts arrive, and the dashboard queries over them."""
