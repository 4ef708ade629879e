"""Chart summary rendering with Qt (QPdfWriter/QPainter); the API for the app is in ``printing``."""
