"""The hosted relay (DESIGN §6): tracking pixel, clicks, unsubscribes, forms, event API."""
