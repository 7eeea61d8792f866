"""Templates: sandboxed Jinja2 rendering, CSS inlining, text alternatives, attachments, MIME."""
