"""Continuous batching: several requests decoded together in one llama.cpp batch (the API server's `--parallel`).

On a CPU, decoding is bound by reading the weights from memory: one token costs about as much as four tokens of
four different conversations decoded in the same batch, since each weight is read once for all of them. So the
server runs up to `slots` requests at once, each in its own KV-cache sequence with its own sampler, and requests
join and leave the batch as they start and finish (llama.cpp's own server does the same with its slots).

The scheduler has a llama context of its own on the loaded model (weights are shared; only the KV cache and the
compute buffers are new), so it never disturbs the single-request path (llama_decode.py) that the Chat tab uses,
with its cache and drafting. The context's KV cache is unified: all sequences share its `n_ctx` cells, as
llama.cpp's server does by default, so one long request can still use the whole context.

Each step builds one batch: the pending token of every decoding request, then as many prompt tokens of requests
still reading their prompt as the batch has room for (so a new long prompt delays the others by at most one batch).
Threads: like the single-request path, the scheduler decodes with one thread per core the other programs leave
free (cpu_threads.py), prompts as well as replies, looked at afresh when a request joins, every RETUNE_EVERY
steps and before each `call`. With two threads on two cores and another program busy, llama.cpp's per-layer barrier waits on the thread
that lost its core: a 100-token batch of SmolLM2 took 4.0 s with 2 threads and 0.78 s with 1 (load 4.6 here).
A count the user set is used the same way, for prompts too: llama.cpp takes the prompt count for any batch of
more than one token, so two replies decoded together at the user's 1 thread ran on all cores, and on a busy machine
a step took 2-7 s instead of 15 ms, long enough for the server to give up on a Cancel and restart the engine.

Who decodes: no thread of the scheduler's own. Each caller waiting for its next chunk (or its `call`) runs the
scheduler's next step itself when no other caller is running one (the driver lock), and otherwise waits for its
queue. A lone request is then decoded by the thread that streams it, as the single-request path is: with a
scheduler thread handing each token to the streaming thread, the two took turns at Python's lock and a lone
request ran 3-5 % slower than plain decoding (more on a busy machine, where the thread holding the lock loses its
core). With several requests, whichever of their threads is free runs the next step.

A finished request's tokens stay in its slot: the next request whose prompt starts the same way (turn 2 of the same
conversation) takes that slot and evaluates only what is new.

llama.cpp rounds differently for batches of different sizes (llama_kv.py), so an answer decoded beside others can
differ from the same request decoded alone where two tokens are within rounding of each other; elsewhere, at
temperature 0, it is the same answer.
"""

from __future__ import annotations

import concurrent.futures
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.backends.llama_kv import common_prefix
from desktop_app.core.backends.streaming import StopMatcher, Utf8StreamDecoder
from desktop_app.core.engine.types import Chunk, GenerationParams
from desktop_app.core.errors import ContextOverflowError, GenerationError
from desktop_app.core.messages import phrase

DEFAULT_SLOTS = 4
EXTRA_SEQS = 17  # sequences beyond the slots, for work run with `call` (batched label scoring: 1 shared + 16 rows)
ROOM_PER_REQUEST = 32  # cells kept free per decoding request when admitting a new one, so replies can grow
RETUNE_EVERY = 16  # steps between two looks at the free cores (and before each `call`)
FOLLOW_S = 0.005  # a caller whose request another thread decodes looks this often whether that thread went away


@dataclass
class _Request:
    tokens: list[int]
    params: GenerationParams
    cancel: threading.Event
    sampler: Any
    max_new: int
    out: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    decoder: Utf8StreamDecoder = field(default_factory=Utf8StreamDecoder)
    stopper: StopMatcher | None = None
    slot: _Slot | None = None
    fed: int = 0  # prompt tokens already in the slot's KV sequence
    pending: int | None = None  # the last sampled token, to be fed in the next step
    produced: int = 0
    reused: int = 0


@dataclass
class _Slot:
    seq: int
    cached: list[int] = field(default_factory=list)  # exactly what the KV cache holds for this sequence
    request: _Request | None = None
    last_used: int = 0


class BatchScheduler:
    """Decodes the requests given to `stream()` together, on its own thread and llama context."""

    def __init__(self, llm: Any, slots: int, make_sampler: Callable[[GenerationParams], Any],
                 set_threads: Callable[[Any], None] | None = None) -> None:
        import llama_cpp
        from llama_cpp import _internals

        self._llm = llm
        self._lib = llama_cpp
        self.slots = max(1, slots)
        self._make_sampler = make_sampler
        params = type(llm.context_params).from_buffer_copy(llm.context_params)
        params.n_seq_max = self.slots + EXTRA_SEQS
        params.kv_unified = True
        self._ctx = _internals.LlamaContext(model=llm._model, params=params, verbose=False)
        self.n_ctx = min(int(llm.context_params.n_ctx), self._ctx.n_ctx())
        self.n_batch = int(params.n_batch)
        self._batch = _internals.LlamaBatch(n_tokens=self.n_batch, embd=0, n_seq_max=1, verbose=False)
        self._set_threads = set_threads
        if set_threads is not None:
            set_threads(self._ctx)
        self._slots = [_Slot(seq) for seq in range(self.slots)]
        self._waiting: list[_Request] = []
        self._active: list[_Request] = []
        self._calls: list[tuple[Callable[[Any, Any], Any], concurrent.futures.Future]] = []
        self._cond = threading.Condition()  # guards the lists above and the slots' requests
        self._driver = threading.Lock()  # held by the caller running a step (see the module's docstring)
        self._tuned_at = -RETUNE_EVERY
        self._closed = False
        self._clock = 0
        self._vocab = llm._model.vocab
        self.steps = 0  # batches decoded: the tests read how requests shared them
        self.max_together = 0  # the most requests decoded in one batch
        self.reused_tokens = 0  # prompt tokens found in a slot's cache instead of evaluated again

    # -- any thread ---------------------------------------------------------------------------------------------
    def stream(self, tokens: Sequence[int], params: GenerationParams, cancel: threading.Event) -> Iterator[Chunk]:
        """The reply to `tokens`, chunk by chunk, decoded in the shared batch. Closing the iterator early (the
        client left) cancels the request."""
        n_prompt = len(tokens)
        if n_prompt >= self.n_ctx:
            raise ContextOverflowError(
                phrase("The prompt is {n_prompt} tokens but the model's context holds {n_ctx}. Shorten the message or raise the context length.", n_prompt=f"{n_prompt:,}", n_ctx=f"{self.n_ctx:,}")
            )
        budget = self.n_ctx - n_prompt
        request = _Request(
            tokens=list(tokens), params=params, cancel=cancel, sampler=self._make_sampler(params),
            max_new=min(params.max_tokens, budget) if params.max_tokens > 0 else budget,
            stopper=StopMatcher(params.stop),
        )
        with self._cond:
            if self._closed:
                raise GenerationError(phrase("The model was unloaded."))
            self._waiting.append(request)
            self._cond.notify_all()
        finished = False
        try:
            while True:
                item = self._wait(request.out)
                if isinstance(item, BaseException):
                    finished = True
                    raise item
                yield item
                if item.finish_reason:
                    finished = True
                    return
        finally:
            if not finished:
                cancel.set()  # the scheduler finishes it at its next step
            self._hand_over()

    def _wait(self, out: queue.SimpleQueue) -> Any:
        """The next item of `out`, running the scheduler's steps from this thread while no other thread does."""
        while True:
            try:
                item = out.get_nowait()
            except queue.Empty:
                if not self._closed and self._driver.acquire(blocking=False):
                    try:
                        self._turn()
                    finally:
                        self._driver.release()
                    continue
                try:
                    item = out.get(timeout=FOLLOW_S)
                except queue.Empty:
                    continue
            if item is not _WAKE:
                return item

    def _hand_over(self) -> None:
        """A caller stops waiting: wake one that still waits, so the steps go on without a pause."""
        with self._cond:
            others = self._active + self._waiting
        if others:
            others[0].out.put(_WAKE)

    def call(self, fn: Callable[[Any, Any], Any]) -> Any:
        """Run fn(context, batch) on the scheduler's thread between two steps and return what it returns. The
        sequences from `slots` on are fn's own (see EXTRA_SEQS); finished conversations' caches are dropped first
        so that it finds room."""
        done: concurrent.futures.Future = concurrent.futures.Future()
        out: queue.SimpleQueue = queue.SimpleQueue()
        done.add_done_callback(out.put)
        with self._cond:
            if self._closed:
                raise GenerationError(phrase("The model was unloaded."))
            self._calls.append((fn, done))
        try:
            return self._wait(out).result()
        finally:
            self._hand_over()

    def close(self) -> None:
        """Stop, fail what is still waiting or running with a sentence, and free the context."""
        with self._cond:
            self._closed = True
        got = self._driver.acquire(timeout=30)  # a step under way ends first
        for request in self._waiting + self._active:
            request.out.put(GenerationError(phrase("The model was unloaded.")))
        for _fn, done in self._calls:
            done.set_exception(GenerationError(phrase("The model was unloaded.")))
        self._calls.clear()
        self._waiting.clear()
        self._active.clear()
        self._batch.close()
        self._ctx.close()
        if got:
            self._driver.release()

    # -- the driving caller's thread (the driver lock held) ---------------------------------------------------
    def _turn(self) -> None:
        """One step: admit waiting requests, run the calls, decode one batch."""
        with self._cond:
            if self._closed:
                return  # close() has failed every request and call with a sentence
            joined = self._admit()
            calls, self._calls = self._calls, []
        if self._set_threads is not None and (calls or joined or self.steps - self._tuned_at >= RETUNE_EVERY):
            self._set_threads(self._ctx)  # from what other programs leave free (cpu_threads.py)
            self._tuned_at = self.steps
        for fn, done in calls:
            for slot in self._slots:
                if slot.request is None:
                    self._truncate(slot, 0)
            try:
                done.set_result(fn(self._ctx, self._batch))
            except BaseException as exc:  # the caller gets the failure; the scheduler goes on
                done.set_exception(exc)
        try:
            self._step()
        except Exception as exc:  # a native failure ends the requests in the batch, not the engine
            for request in list(self._active):
                self._finish(request, None, exc)

    def _used_cells(self) -> int:
        """Cells the slots hold, and those the admitted requests' prompts will take before they are fed."""
        return sum(len(s.cached) for s in self._slots) + sum(len(r.tokens) - r.fed for r in self._active)

    def _admit(self) -> bool:
        """Move waiting requests into free slots while the KV cache has room for their prompts (called with the
        lock held). The slot whose cached tokens share the longest prefix with the prompt is taken. True when a
        request joined: the threads are chosen afresh then, as a single reply's start does."""
        joined = False
        while self._waiting:
            free = [s for s in self._slots if s.request is None]
            if not free:
                return joined
            request = self._waiting[0]
            if request.cancel.is_set():
                self._waiting.pop(0)
                request.out.put(Chunk(prompt_tokens=len(request.tokens), finish_reason="cancelled"))
                continue
            slot = max(free, key=lambda s: (common_prefix(s.cached, request.tokens), -s.last_used))
            keep = min(common_prefix(slot.cached, request.tokens), len(request.tokens) - 1)
            self._truncate(slot, keep)
            needed = len(request.tokens) - keep + ROOM_PER_REQUEST * (len(self._active) + 1)
            idle = sorted((s for s in self._slots if s.request is None and s is not slot and s.cached),
                          key=lambda s: s.last_used)
            while self.n_ctx - self._used_cells() < needed and idle:
                self._truncate(idle.pop(0), 0)  # forget the least recently used finished conversation
            if self.n_ctx - self._used_cells() < needed and self._active:
                return joined  # wait for a running request to finish and free its cells
            self._waiting.pop(0)
            request.slot, request.fed, request.reused = slot, keep, keep
            self.reused_tokens += keep
            slot.request = request
            self._active.append(request)
            joined = True
        return joined

    def _truncate(self, slot: _Slot, keep: int) -> None:
        if len(slot.cached) > keep:
            self._ctx.kv_cache_seq_rm(slot.seq, keep, -1)
            del slot.cached[keep:]

    def _step(self) -> None:
        batch = self._batch.batch
        n = 0
        rows: list[tuple[_Request, int]] = []
        for request in list(self._active):
            if request.cancel.is_set():
                self._finish(request, "cancelled")
        for request in self._active:  # decoding requests first: one token each
            if request.pending is not None:
                slot = request.slot
                _put(batch, n, request.pending, len(slot.cached), slot.seq, True)
                slot.cached.append(request.pending)
                rows.append((request, n))
                n += 1
        for request in self._active:  # then prompts, as far as the batch has room
            if request.pending is None and n < self.n_batch:
                slot = request.slot
                part = request.tokens[request.fed : request.fed + self.n_batch - n]
                last = request.fed + len(part) == len(request.tokens)
                for i, token in enumerate(part):
                    _put(batch, n, token, len(slot.cached), slot.seq, last and i == len(part) - 1)
                    slot.cached.append(token)
                    n += 1
                request.fed += len(part)
                if last:
                    rows.append((request, n - 1))
        if n == 0:
            return
        batch.n_tokens = n
        code = self._lib.llama_decode(self._ctx.ctx, batch)
        if code != 0:
            self._out_of_room(rows, code)
            return
        self.steps += 1
        self.max_together = max(self.max_together, len(self._active))
        for request, row in rows:
            token = request.sampler.sample(self._ctx, row)
            self._take(request, token)

    def _take(self, request: _Request, token: int) -> None:
        """What one sampled token means for its request: the end, a stop string, or more text."""
        if self._lib.llama_vocab_is_eog(self._vocab, token):
            self._finish(request, "stop")
            return
        request.produced += 1
        text = request.stopper.feed(request.decoder.feed(self._llm.detokenize([token])))
        if text:
            request.out.put(Chunk(text=text, prompt_tokens=len(request.tokens), completion_tokens=request.produced))
        if request.stopper.stopped:
            self._finish(request, "stop")
        elif request.produced >= request.max_new:
            self._finish(request, "length")
        else:
            request.pending = token

    def _out_of_room(self, rows: list[tuple[_Request, int]], code: int) -> None:
        """llama_decode found no room in the KV cache (1) or failed. The batch's tokens were not evaluated: take
        them back out of the slots' bookkeeping, then end the newest request (it has produced the least) so the
        others can go on; with one request left, its reply is as long as the context allows."""
        with self._cond:
            for slot in self._slots:
                llama_has = self._lib.llama_memory_seq_pos_max(self._ctx.memory, slot.seq) + 1
                if llama_has < len(slot.cached):
                    del slot.cached[max(llama_has, 0):]
            for request in self._active:
                request.fed = min(request.fed, len(request.slot.cached))
            victim = self._active[-1]
        if code == 1:
            self._finish(victim, "length")
        else:
            self._finish(victim, None, GenerationError(phrase("llama.cpp could not decode the batch (error {code}).", code=code)))

    def _finish(self, request: _Request, reason: str | None, error: BaseException | None = None) -> None:
        tail = request.stopper.feed(request.decoder.finish()) + request.stopper.flush()
        if error is not None:
            request.out.put(error)
        else:
            request.out.put(Chunk(text=tail, prompt_tokens=len(request.tokens), completion_tokens=request.produced,
                                  finish_reason=reason or "stop"))
        with self._cond:
            if request in self._active:
                self._active.remove(request)
            slot = request.slot
            if slot is not None:
                self._clock += 1
                slot.request, slot.last_used = None, self._clock
            request.slot = None


_WAKE = object()  # put in a waiting caller's queue: the thread running the steps left, take over


def _put(batch: Any, i: int, token: int, pos: int, seq: int, logits: bool) -> None:
    batch.token[i] = token
    batch.pos[i] = pos
    batch.seq_id[i][0] = seq
    batch.n_seq_id[i] = 1
    batch.logits[i] = logits

