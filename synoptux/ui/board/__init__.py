"""The wall itself: the board view, its boxes and patient rows (cards), the task chips, the blink and the strips drawn on it."""
