"""pagedesk's storage: pages, detections, corrections and their authors in SQLite."""
