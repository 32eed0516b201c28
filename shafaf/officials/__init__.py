"""The officials' publishing desk: upload, preview, publish, audit and roll back."""
