"""The dialogs the board opens: the touch sheet, the pickers, the move, comment, destination, history, log, note and ward dialogs, the list of entry files in error."""
