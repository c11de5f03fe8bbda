"""What can go wrong with the index, as errors an admin can act on.

Every Chroma failure reaches the rest of the code as one of these (`retrieval.index.client`
translates the client's own), so callers catch `StoreError` and show its message, which
names the fix.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """A problem with the index that an admin can fix; the message names the fix."""


class ModelMismatchError(StoreError):
    pass


class StoreBusyError(StoreError):
    """Another process writes (or, in embedded mode, has the index open); try again later."""


class IndexInUseError(StoreBusyError):
    """Embedded mode: other processes have CHROMA_PATH open, so no ingestion may write."""


class StoreUnavailable(StoreError):
    """The Chroma server (CHROMA_URL) cannot be reached or does not answer in time.

    Nothing is wrong with the index: the next call after the server is back works.
    """


class CollectionGone(StoreError):
    """A collection this process was using has been dropped (a rebuild switched
    generations); reopen the active generation."""
