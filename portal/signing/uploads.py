"""The verification page's upload: refused while it streams past
``SIGNING_VERIFY_MAX_MB`` (the rest is read and thrown away, nothing past
the limit reaches memory or disk), and checked by content, never by name."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # ISO 32000: the header is within the first 1024 bytes


class LimitedUploadHandler(FileUploadHandler):
    """First in ``request.upload_handlers``; sets ``too_large`` and skips
    the file once the request's files pass ``limit`` bytes."""

    def __init__(self, request=None, limit=0):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def looks_like_pdf(head):
    return PDF_MAGIC in head[:MAGIC_WINDOW]
