"""A streaming size limit on the editor's import upload: the body is counted
as it arrives, and a file beyond ``MAX_FILE_BYTES`` is dropped before more
than the limit reaches memory or the temporary directory."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from .limits import MAX_FILE_BYTES


class LimitedUploadHandler(FileUploadHandler):
    """First in ``request.upload_handlers``: passes chunks on to Django's
    handlers until the files of the request together exceed ``limit``
    bytes, then skips the file (its rest is read and thrown away, the part
    already written is deleted) and sets ``too_large``. The other fields of
    the form (the CSRF token) are still read."""

    def __init__(self, request=None, limit=MAX_FILE_BYTES):
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


def too_large_message():
    return _("Tệp quá lớn: tối đa %(max)d MB") % {"max": MAX_FILE_BYTES // (1024 * 1024)}
