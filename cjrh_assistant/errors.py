"""Errors a user can act on. Their message is Chinese and is printed as-is, never as a traceback."""


class CjrhError(Exception):
    """Base class: the message is shown to the user; exit code says what kind of failure it was."""

    exit_code = 1


class CorpusError(CjrhError):
    """A policy file is missing, empty or unreadable."""


class IndexCorruptError(CjrhError):
    """The on-disk index cannot be opened; `cjrh index --rebuild` repairs it."""


class IndexBusyError(CjrhError):
    """Another process is building the index (the lock file is held)."""

    exit_code = 3


class StoreUnavailableError(CjrhError):
    """The configured Chroma server does not answer."""


class DataDirError(CjrhError):
    """The data directory cannot be created or written."""


class InputError(CjrhError):
    """A user-supplied file (history, question set) is malformed."""

    exit_code = 2


class RulePackError(CjrhError):
    """A rule pack in rules/ is malformed; the message names the file and the rule id."""

    exit_code = 2


class DraftError(CjrhError):
    """A draft cannot be read (corrupt, encrypted, image-only, empty, too large, unknown type)."""

    exit_code = 2
