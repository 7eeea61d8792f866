"""Open/click tracking and the relay client (DESIGN §6): tokens, link rewriting, sync."""
