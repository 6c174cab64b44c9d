"""/api/common/document: uploads to INATRACE_FILESTORAGE_ROOT/<TYPE>/<uuid> (StorageService).

AT components/common/StorageService.java catches every IOException: it logs ERROR
"Error creating type directory" / "Error writing file" / "Error reading file" with the
trace, and throws ApiException(ERROR, "Error saving file" / "Error reading file"), which
the exception handler logs again as "ApiException: ERROR …" and answers 500.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import uuid

from . import frames as fr
from . import multipart, storage_keys
from .api import App, Request, Response, Route, ok, type_mismatch
from .errors import ApiError, JavaException, MultipartError, RequestRejected
from .logs import Logger

STORAGE_LOG = Logger("com.abelium.inatrace.components.common.StorageService")

DOC_TYPES = ("GENERAL", "IMAGE")


def _io_exception(err: OSError, path: str, method: str) -> JavaException:
    """java.nio's exception for an errno, thrown through StorageService into the controller."""
    code = err.errno
    if code in (errno.EACCES, errno.EPERM):
        java_class, message = "java.nio.file.AccessDeniedException", path
    elif code == errno.ENOENT:
        java_class, message = "java.nio.file.NoSuchFileException", path
    elif code == errno.ENOSPC:
        java_class, message = "java.io.IOException", "No space left on device"
    elif code == errno.EROFS:
        java_class, message = "java.nio.file.FileSystemException", f"{path}: Read-only file system"
    else:
        java_class, message = "java.io.IOException", os.strerror(code or 0) or str(err)
    verb = "uploadDocument" if method == "POST" else "getDocument"
    store = "uploadDocument" if method == "POST" else "downloadDocument"
    return JavaException(
        java_class,
        message,
        fr.FILES_WRITE
        + fr.request(
            fr.app("components.common.StorageService", store, 56 if method == "POST" else 133),
            fr.app("components.common.CommonService", verb, 58),
            fr.app("components.common.CommonController", verb, 66),
            method=method,
        ),
    )


def upload_document(app: App, req: Request) -> Response:
    doc_type = req.query.get("type") or "GENERAL"
    if doc_type not in DOC_TYPES:  # Spring's enum conversion is case-sensitive
        raise type_mismatch(
            "type",
            doc_type,
            "com.abelium.inatrace.types.DocumentType",
            f"Failed to convert from type [java.lang.String] to type"
            f" [@jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestParam"
            f" com.abelium.inatrace.types.DocumentType] for value [{doc_type}]",
        )
    try:
        parts = multipart.parse(req.body, req.headers.get("content-type"))
    except MultipartError:
        parts = []  # Spring sees no usable part: the required one is missing
    part = next((p for p in parts if p.name == "file"), None)
    if part is None:
        missing = "Required part 'file' is not present."  # MissingServletRequestPartException
        raise RequestRejected(400, "REQUEST_BODY_ERROR", missing, missing)
    if len(part.data) > multipart.MAX_FILE_SIZE:
        raise upload_too_large()
    key = str(uuid.uuid4())
    directory = os.path.join(app.settings.filestorage_root, doc_type)
    path = os.path.join(directory, key)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as err:
        STORAGE_LOG.error("Error creating type directory", _io_exception(err, directory, "POST"))
        raise ApiError("ERROR", 500, "Error saving file") from err
    try:
        with open(path, "xb") as out:
            out.write(part.data)
    except OSError as err:
        _remove_quietly(path)
        STORAGE_LOG.error("Error writing file", _io_exception(err, path, "POST"))
        raise ApiError("ERROR", 500, "Error saving file") from err
    name = os.path.basename(part.filename or "file")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    _, doc_id = app.pool.execute(
        "INSERT INTO Document (creationTimestamp, contentType, name, size, storageKey, type)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (now, part.content_type, name, len(part.data), key, doc_type),
    )
    return ok(api_document(doc_id, name, key, part.content_type, len(part.data), req))


def api_document(
    doc_id: int,
    name: str | None,
    key: str,
    content_type: str | None,
    size: int | None,
    req: Request,
) -> dict[str, object]:
    """CommonApiTools.toApiDocument: the stored key goes out as a temporary one."""
    user_id = req.user["dbi"] if req.user else None
    return {
        "id": doc_id,
        "name": name,
        "storageKey": storage_keys.put(key, user_id),
        "contentType": content_type,
        "size": size,
    }


def upload_too_large() -> JavaException:
    limit = multipart.MAX_FILE_SIZE
    return JavaException(
        "org.springframework.web.multipart.MaxUploadSizeExceededException",
        "Maximum upload size exceeded",
        fr.request(
            fr.app("components.common.CommonController", "uploadDocument", 66), method="POST"
        ),
        JavaException(
            "org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException",
            f"The field file exceeds its maximum permitted size of {limit} bytes.",
            (),
            omitted=30,
        ),
    )


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def get_document(app: App, req: Request, temp_key: str) -> Response:
    """CommonService.getDocument: the temporary key is looked up first; a stored key
    read from the database is not a temporary key, so it is an invalid one here."""
    user_id = req.user["dbi"] if req.user else None
    key = storage_keys.get(temp_key, user_id)
    if key is None:
        raise ApiError("INVALID_REQUEST", 400, "Invalid storage key")
    rows = app.pool.query(
        "SELECT id, name, contentType, size, type FROM Document WHERE storageKey = %s", (key,)
    )
    if not rows:
        raise ApiError("INVALID_REQUEST", 400, "Invalid storage key")
    doc = rows[0]
    path = os.path.join(app.settings.filestorage_root, doc["type"] or "GENERAL", key)
    try:
        with open(path, "rb") as src:
            data = src.read()
    except OSError as err:
        STORAGE_LOG.error("Error reading file", _io_exception(err, path, "GET"))
        raise ApiError("ERROR", 500, "Error reading file") from err
    name = (doc["name"] or key).replace('"', "")
    return Response(
        200,
        data,
        doc["contentType"] or "application/octet-stream",
        [("Content-Disposition", f'attachment; filename="{name}"')],
    )


ROUTES = (
    Route("POST", "/api/common/document", upload_document, "CommonController.uploadDocument"),
    Route("GET", "/api/common/document/{temp_key}", get_document, "CommonController.getDocument"),
)
