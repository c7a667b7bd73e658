"""A child's file sent to a new school, its receipt, and files imported from another school."""

from app.ui.transfer.import_dialog import ImportDialog, TransferredFilesDialog
from app.ui.transfer.send_dialog import ReceiptDialog, SendDialog

__all__ = ["ImportDialog", "ReceiptDialog", "SendDialog", "TransferredFilesDialog"]
