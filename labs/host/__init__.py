"""The only code that touches the live system: Docker, Compose, HTTP, MySQL, processes."""
