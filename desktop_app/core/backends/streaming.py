"""Text-stream helpers shared by every backend: incremental UTF-8 decoding and stop strings.

A Chinese character is three UTF-8 bytes, and byte-level BPE tokenizers often split it across two tokens.
Decoding each token's bytes on its own prints "�"; an incremental decoder holds the partial bytes until the
character is complete.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence


class Utf8StreamDecoder:
    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, data: bytes) -> str:
        return self._decoder.decode(data)

    def finish(self) -> str:
        """End of stream. Bytes of a character cut off by the token limit are dropped, not shown as "�"."""
        pending, _ = self._decoder.getstate()
        self._decoder.reset()
        return "" if pending else self._decoder.decode(b"", final=True)


class StopMatcher:
    """Cuts a stream at the first stop string, holding back text that might be the start of one."""

    def __init__(self, stops: Sequence[str]):
        self.stops = [s for s in stops if s]
        self._pending = ""
        self.stopped = False

    def feed(self, text: str) -> str:
        """Return the text that is safe to show now."""
        if self.stopped:
            return ""
        if not self.stops:
            return text
        buf = self._pending + text
        cut = min((i for i in (buf.find(s) for s in self.stops) if i >= 0), default=-1)
        if cut >= 0:
            self.stopped = True
            self._pending = ""
            return buf[:cut]
        hold = 0
        for s in self.stops:
            for k in range(min(len(s) - 1, len(buf)), 0, -1):
                if buf.endswith(s[:k]):
                    hold = max(hold, k)
                    break
        self._pending = buf[len(buf) - hold :] if hold else ""
        return buf[: len(buf) - hold]

    def flush(self) -> str:
        out, self._pending = ("" if self.stopped else self._pending), ""
        return out
