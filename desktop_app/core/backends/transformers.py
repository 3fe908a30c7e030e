"""PyTorch backend, through Hugging Face transformers: model folders (config.json + safetensors) and GGUF files.

One class serves several model families, picked from config.json (`architectures` / `model_type`):
causal LMs (chat, completion, zero-shot label scoring), seq2seq (summarize, translate), sequence classifiers,
and image-to-text models (BLIP, VisionEncoderDecoder, image-text-to-text models through their processor's chat
template). A GGUF file is dequantized once into a cached safetensors folder (see models/gguf_torch_cache.py) and
then loads like any folder, so the built-in SmolLM2 GGUF also runs as a real PyTorch model.

Streaming runs `generate()` on a helper thread feeding a `TextIteratorStreamer`; the caller's cancel event (and a
stop string, once seen) end it through a `StoppingCriteria` checked after every token. Folder problems (no config,
truncated weights, no tokenizer, code or pickles that need consent) are found before transformers sees the folder,
so the user reads one sentence about the file, not a stack trace.

torch and transformers are imported inside methods only: importing this module is cheap.
"""

from __future__ import annotations

import inspect
import json
import re
import struct
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import (
    BackendBase,
    Capability,
    ChatMessage,
    Chunk,
    GenerationParams,
    LabelScores,
    LoadOptions,
    ModelInfo,
    ProgressCallback,
)
from desktop_app.core.backends.streaming import StopMatcher
from desktop_app.core.errors import (
    Cancelled,
    ConsentRequiredError,
    ContextOverflowError,
    GenerationError,
    ModelFileError,
    ModelLoadError,
    UnsupportedArchitectureError,
)
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks import languages

# Used only when a causal model's tokenizer has no chat template (base models): ChatML, as llama_cpp.py does.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
DEFAULT_DESCRIBE_PROMPT = "Describe this image."
CLASSIFY_BATCH = 16
GENERATE_BATCH = 8
UNBOUNDED_LENGTH = 1_000_000  # tokenizers without a limit report model_max_length as ~1e30


# -- folder inspection ---------------------------------------------------------------------------------------------
class Family(str, Enum):
    CAUSAL = "causal-lm"
    SEQ2SEQ = "seq2seq"
    CLASSIFIER = "sequence-classification"
    BLIP = "blip-captioning"
    VISION_ENCODER_DECODER = "vision-encoder-decoder"
    IMAGE_TEXT = "image-text-to-text"


TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer.model",
    "vocab.json",
    "vocab.txt",
    "spiece.model",
    "source.spm",
    "sentencepiece.bpe.model",
)
IMAGE_PROCESSOR_FILES = ("preprocessor_config.json", "processor_config.json")
PICKLE_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json")
AUTO_MAP_FAMILIES = {
    "AutoModelForCausalLM": Family.CAUSAL,
    "AutoModelForSeq2SeqLM": Family.SEQ2SEQ,
    "AutoModelForSequenceClassification": Family.CLASSIFIER,
    "AutoModelForImageTextToText": Family.IMAGE_TEXT,
}


@dataclass(frozen=True)
class FolderInfo:
    """What a model folder holds, as far as can be told without loading it."""

    config: dict[str, Any]
    family: Family
    architecture: str
    weights: str  # "safetensors" or "pickle"
    weight_bytes: int


def _read_config(folder: Path) -> dict[str, Any]:
    path = folder / "config.json"
    if not path.is_file():
        raise ModelFileError(f"{folder.name} has no config.json, so it is not a Transformers model folder.")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"config.json in {folder.name} is not a text file.") from exc
    except json.JSONDecodeError as exc:
        raise ModelFileError(f"config.json in {folder.name} is not valid JSON (line {exc.lineno}).") from exc
    if not isinstance(config, dict) or not (config.get("model_type") or config.get("architectures")):
        raise ModelFileError(f"config.json in {folder.name} names no model type or architecture.")
    return config


def _mapping_values(mapping: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for value in mapping.values():
        out.update(value if isinstance(value, (list, tuple)) else [value])
    return out


def detect_family(config: dict[str, Any], trust_remote_code: bool) -> tuple[Family, str]:
    """The model family and architecture name, from config.json's `architectures` (else its `model_type`)."""
    from transformers.models.auto import configuration_auto as ca
    from transformers.models.auto import modeling_auto as ma

    archs = config.get("architectures") or []
    arch = archs[0] if archs and isinstance(archs[0], str) else ""
    model_type = str(config.get("model_type") or "")
    if model_type == "vision-encoder-decoder" or arch == "VisionEncoderDecoderModel":
        return Family.VISION_ENCODER_DECODER, arch or "VisionEncoderDecoderModel"
    if arch == "BlipForConditionalGeneration":
        return Family.BLIP, arch
    tables = [
        (Family.CLASSIFIER, ma.MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING_NAMES),
        (Family.SEQ2SEQ, ma.MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING_NAMES),
        (Family.IMAGE_TEXT, ma.MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES),
        (Family.CAUSAL, ma.MODEL_FOR_CAUSAL_LM_MAPPING_NAMES),
    ]
    known_type = model_type in ca.CONFIG_MAPPING_NAMES
    if arch and known_type:
        for family, mapping in tables:
            if arch in _mapping_values(mapping):
                return family, arch
    if not arch and known_type:
        for family, mapping in tables[1:]:
            if model_type in mapping:
                return family, _mapping_values({0: mapping[model_type]}).pop()
    auto_map = config.get("auto_map")
    if trust_remote_code and isinstance(auto_map, dict):
        for key, family in AUTO_MAP_FAMILIES.items():
            if key in auto_map:
                return family, arch or model_type
    name = arch or model_type
    if not known_type and not auto_map:
        raise UnsupportedArchitectureError(
            f"The model type {model_type or name!r} is unknown to this version of Transformers."
        )
    raise UnsupportedArchitectureError(
        f"{name} is not a kind of model this app can run (chat, seq2seq, classifier or image-to-text)."
    )


def check_safetensors(path: Path) -> int:
    """Raise ModelFileError for a truncated or corrupt .safetensors file; return its size.

    The header says where every tensor ends, so a file cut short (an interrupted copy or download) is found here
    in microseconds, instead of as an obscure error, or a crash, halfway through loading.
    """
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise ModelFileError(f"{path.name} is empty or truncated ({size} bytes).")
        (n,) = struct.unpack("<Q", head)
        if n > size - 8:
            raise ModelFileError(
                f"{path.name} is truncated: its header alone needs {n + 8:,} bytes but the file has {size:,}."
            )
        try:
            header = json.loads(f.read(n))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelFileError(
                f"{path.name} is not a valid safetensors file (its header is unreadable)."
            ) from exc
    ends = [v["data_offsets"][1] for k, v in header.items() if k != "__metadata__" and isinstance(v, dict)]
    expected = 8 + n + max(ends, default=0)
    if size < expected:
        raise ModelFileError(
            f"{path.name} is truncated: it has {size:,} bytes but its header describes {expected:,}; "
            "copy or download it again."
        )
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="np"):
            pass
    except SafetensorError as exc:
        raise ModelFileError(f"{path.name} is not a valid safetensors file: {_first_line(exc)}") from exc
    return size


def _weights(folder: Path, allow_pickle: bool) -> tuple[str, int]:
    index = folder / "model.safetensors.index.json"
    if index.is_file():
        try:
            shards = sorted(set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values()))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ModelFileError(f"{index.name} in {folder.name} is not a valid weight index.") from exc
        missing = [s for s in shards if not (folder / s).is_file()]
        if missing:
            raise ModelFileError(
                f"{folder.name} is missing {len(missing)} weight file(s), first {missing[0]}."
            )
        files = [folder / s for s in shards]
    else:
        files = sorted(folder.glob("*.safetensors"))
    if files:
        return "safetensors", sum(check_safetensors(f) for f in files)
    pickles = [folder / name for name in PICKLE_WEIGHTS if (folder / name).is_file()]
    if pickles:
        if not allow_pickle:
            raise ConsentRequiredError(
                f"{folder.name} has only pickle (.bin) weights, which can run code when loaded; "
                "allow pickle weights for this model to load it (they are read with weights_only=True).",
                "allow_pickle",
            )
        return "pickle", sum(p.stat().st_size for p in folder.glob("pytorch_model*.bin"))
    raise ModelFileError(f"{folder.name} has no model weights (no .safetensors file).")


def inspect_folder(folder: Path, trust_remote_code: bool = False, allow_pickle: bool = False) -> FolderInfo:
    """Validate a model folder before transformers reads it; every problem becomes one clear sentence."""
    config = _read_config(folder)
    if config.get("auto_map") and not trust_remote_code:
        raise ConsentRequiredError(
            f"{folder.name} needs to run its own Python code (auto_map in config.json), which could do anything "
            "on this computer; allow remote code for this model only if you trust where it came from.",
            "trust_remote_code",
        )
    family, arch = detect_family(config, trust_remote_code)
    weights, size = _weights(folder, allow_pickle)
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise ModelFileError(f"{folder.name} has no tokenizer (no tokenizer.json or vocabulary file).")
    vision = (Family.BLIP, Family.VISION_ENCODER_DECODER, Family.IMAGE_TEXT)
    if family in vision and not any((folder / name).is_file() for name in IMAGE_PROCESSOR_FILES):
        raise ModelFileError(f"{folder.name} has no image processor (preprocessor_config.json).")
    return FolderInfo(config=config, family=family, architecture=arch, weights=weights, weight_bytes=size)


CAPABILITIES = {
    Family.CAUSAL: frozenset({Capability.CHAT}),
    Family.SEQ2SEQ: frozenset({Capability.SEQ2SEQ}),
    Family.CLASSIFIER: frozenset({Capability.CLASSIFIER}),
    Family.BLIP: frozenset({Capability.CAPTIONER}),
    Family.VISION_ENCODER_DECODER: frozenset({Capability.CAPTIONER}),
    # Vision-language models also chat (Chat tab), with images in user messages through the processor template.
    Family.IMAGE_TEXT: frozenset({Capability.CAPTIONER, Capability.VISION, Capability.CHAT}),
}


def _model_class(family: Family) -> Any:
    import transformers

    return {
        Family.CAUSAL: transformers.AutoModelForCausalLM,
        Family.SEQ2SEQ: transformers.AutoModelForSeq2SeqLM,
        Family.CLASSIFIER: transformers.AutoModelForSequenceClassification,
        Family.BLIP: transformers.BlipForConditionalGeneration,
        Family.VISION_ENCODER_DECODER: transformers.VisionEncoderDecoderModel,
        Family.IMAGE_TEXT: transformers.AutoModelForImageTextToText,
    }[family]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class _EventCriteria:
    """A StoppingCriteria that ends generation when the user cancels or the stream has seen a stop string."""

    def __init__(self, *events: threading.Event):
        self.events = [e for e in events if e is not None]

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        stop = any(e.is_set() for e in self.events)
        return torch.full((input_ids.shape[0],), stop, dtype=torch.bool, device=input_ids.device)


def _criteria(*events: threading.Event) -> Any:
    from transformers import StoppingCriteria, StoppingCriteriaList

    class EventCriteria(_EventCriteria, StoppingCriteria):
        pass

    return StoppingCriteriaList([EventCriteria(*events)])


def _counting_streamer(tokenizer: Any) -> Any:
    """A TextIteratorStreamer whose queue items are (text, tokens generated so far), to report exact counts."""
    from transformers import TextIteratorStreamer

    class CountingStreamer(TextIteratorStreamer):
        def __init__(self) -> None:
            super().__init__(tokenizer, skip_prompt=True, skip_special_tokens=True)
            self.generated = 0
            self.last_token: int | None = None

        def put(self, value: Any) -> None:
            if not (self.skip_prompt and self.next_tokens_are_prompt):
                flat = value.reshape(-1)
                self.generated += int(flat.numel())
                self.last_token = int(flat[-1]) if flat.numel() else self.last_token
            super().put(value)

        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
            if text:
                self.text_queue.put((text, self.generated))
            if stream_end:
                self.text_queue.put(self.stop_signal)

    return CountingStreamer()


def sampling_kwargs(params: GenerationParams, pad_token_id: int | None) -> dict[str, Any]:
    """GenerationParams as `generate()` arguments. Temperature 0 is greedy decoding."""
    kw: dict[str, Any] = {}
    if pad_token_id is not None:
        kw["pad_token_id"] = pad_token_id
    if params.repeat_penalty and params.repeat_penalty != 1.0:
        kw["repetition_penalty"] = float(params.repeat_penalty)
    if params.num_beams > 1:
        kw["num_beams"] = int(params.num_beams)
    if params.temperature <= 0:
        kw.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        return kw
    kw.update(do_sample=True, temperature=float(params.temperature))
    kw["top_p"] = float(params.top_p) if 0 < params.top_p < 1 else 1.0
    kw["top_k"] = int(params.top_k) if params.top_k > 0 else 0
    if params.min_p > 0:
        kw["min_p"] = float(params.min_p)
    return kw


class TransformersBackend(BackendBase):
    capabilities: frozenset[Capability] = frozenset()

    def __init__(self) -> None:
        self._model: Any = None
        self._tokenizer: Any = None
        self._processor: Any = None
        self._device: Any = None
        self._dtype: Any = None
        self._n_ctx = 0
        self._folder: FolderInfo | None = None
        self._translation: Translation | None = None
        self.info: ModelInfo | None = None

    # -- loading -------------------------------------------------------------------------------------------------
    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelInfo:
        from desktop_app.core import extras

        extras.require("torch", feature="PyTorch models")  # one sentence naming the extra, not an ImportError
        from desktop_app.core.backends import torch_support as ts

        if progress:
            progress(0, 0)
        path = Path(spec.path).expanduser()
        extra: dict[str, Any] = {}
        folder = self._model_folder(path, extra, cancel)
        trust = spec.extra.get("trust_remote_code") is True
        found = inspect_folder(
            folder, trust_remote_code=trust, allow_pickle=spec.extra.get("allow_pickle") is True
        )
        _check_cancel(cancel)

        import torch

        device = ts.resolve_device(options.device)
        dtype = ts.resolve_dtype(options.dtype, device)
        if options.n_threads > 0:
            torch.set_num_threads(options.n_threads)
        model_cls = _model_class(found.family)
        try:
            model = model_cls.from_pretrained(
                str(folder),
                dtype=dtype,
                trust_remote_code=trust,
                use_safetensors=found.weights == "safetensors",
                weights_only=True,
                local_files_only=True,
            )
            _check_cancel(cancel)
            model = model.to(device).eval()
        except torch.cuda.OutOfMemoryError as exc:
            ts.release_memory()
            detail = ts.oom_detail(device, found.weight_bytes)
            raise ModelLoadError(
                f"The GPU ran out of memory loading {spec.name} in {ts.dtype_name(dtype)} ({detail}); "
                "choose a smaller precision, the CPU, or a smaller model."
            ) from exc
        except (OSError, ValueError, RuntimeError, KeyError, TypeError, AttributeError) as exc:
            raise ModelLoadError(f"Transformers could not load {spec.name}: {_first_line(exc)}") from exc

        try:
            self._load_preprocessing(folder, found, trust)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError) as exc:
            del model
            ts.release_memory()
            raise ModelLoadError(
                f"The tokenizer or image processor of {spec.name} could not be loaded: {_first_line(exc)}"
            ) from exc
        self._model, self._device, self._dtype, self._folder = model, device, dtype, found
        self._n_ctx = self._context_length(model, options)
        self.capabilities = CAPABILITIES[found.family]
        extra.update(dtype=ts.dtype_name(dtype), family=found.family.value, folder=str(folder))
        if Capability.CLASSIFIER in self.capabilities:  # the Sentiment tab shows a classifier's own labels
            cfg = model.config
            extra["labels"] = [cfg.id2label.get(i, str(i)) for i in range(cfg.num_labels)]
            extra["multi_label"] = getattr(cfg, "problem_type", None) == "multi_label_classification"
        self._translation = None
        if found.family is Family.SEQ2SEQ:
            self._translation = translation_profile(folder, found.config, self._tokenizer, spec.name)
            if self._translation is not None:
                extra["translation"] = self._translation.as_dict()
        self.info = ModelInfo(
            name=spec.name,
            architecture=found.architecture,
            n_ctx=self._n_ctx,
            n_ctx_train=self._trained_context(model),
            n_params=sum(p.numel() for p in model.parameters()),
            device=ts.device_label(device),
            extra=extra,
        )
        if progress:
            progress(1, 1)
        return self.info

    @staticmethod
    def _model_folder(path: Path, extra: dict[str, Any], cancel: threading.Event | None) -> Path:
        if path.is_dir():
            return path
        if not path.exists():
            raise ModelFileError(f"{path} does not exist.")
        if path.suffix.lower() == ".gguf":
            from desktop_app.core.models import gguf_torch_cache
            from desktop_app.core.models.gguf_check import read_gguf_info

            # A clear error for a truncated or foreign file, before transformers reads it.
            read_gguf_info(path)
            folder, hit = gguf_torch_cache.ensure_folder(path, cancel)
            extra["gguf_cache"] = "hit" if hit else "converted"
            return folder
        raise ModelFileError(
            f"{path.name} is neither a model folder (config.json with safetensors weights) nor a GGUF file."
        )

    def _load_preprocessing(self, folder: Path, found: FolderInfo, trust: bool) -> None:
        from transformers import AutoImageProcessor, AutoProcessor, AutoTokenizer

        kw = {"trust_remote_code": trust, "local_files_only": True}
        if found.family in (Family.BLIP, Family.IMAGE_TEXT):
            self._processor = AutoProcessor.from_pretrained(str(folder), **kw)
            self._tokenizer = self._processor.tokenizer
        elif found.family is Family.VISION_ENCODER_DECODER:
            self._processor = AutoImageProcessor.from_pretrained(str(folder), **kw)
            self._tokenizer = AutoTokenizer.from_pretrained(str(folder), **kw)
        else:
            self._tokenizer = AutoTokenizer.from_pretrained(str(folder), **kw)

    def _trained_context(self, model: Any) -> int:
        cfg = model.config.get_text_config(decoder=True)
        for name in ("max_position_embeddings", "n_positions", "max_sequence_length"):
            value = getattr(cfg, name, None)
            if isinstance(value, int) and value > 0:
                return value
        limit = getattr(self._tokenizer, "model_max_length", 0) or 0
        return int(limit) if 0 < limit < UNBOUNDED_LENGTH else 0

    def _context_length(self, model: Any, options: LoadOptions) -> int:
        trained = self._trained_context(model)
        if options.n_ctx > 0:
            return min(options.n_ctx, trained) if trained else options.n_ctx
        return trained or 2048

    def unload(self) -> None:
        had_model = self._model is not None
        self._model = self._tokenizer = self._processor = None
        self._image_cache = {}
        self._folder = None
        self.capabilities = frozenset()
        if had_model:
            from desktop_app.core.backends import torch_support as ts

            ts.release_memory()

    @property
    def n_ctx(self) -> int:
        self._require()
        return self._n_ctx

    def _require(self) -> Any:
        if self._model is None:
            raise GenerationError("No model is loaded.")
        return self._model

    def _needs(self, capability: Capability, what: str) -> Any:
        model = self._require()
        if capability not in self.capabilities:
            raise self._unsupported(what)
        return model

    # -- prompts -------------------------------------------------------------------------------------------------
    def _chat_text(self, messages: Sequence[ChatMessage]) -> str:
        if self._uses_processor_template():
            return self._vision_chat_text(messages)
        tok = self._tokenizer
        template = None if getattr(tok, "chat_template", None) else CHATML_TEMPLATE
        try:
            return tok.apply_chat_template(
                [{k: v for k, v in m.items() if k != "images"} for m in messages],
                tokenize=False,
                add_generation_prompt=True,
                chat_template=template,
            )
        except Exception as exc:  # a template error is the model's fault, not the user's
            raise GenerationError(f"The model's chat template failed: {_first_line(exc)}") from exc

    def _uses_processor_template(self) -> bool:
        """Image-text-to-text models keep their chat template (with image slots) on the processor."""
        return (
            self._folder is not None
            and self._folder.family is Family.IMAGE_TEXT
            and bool(getattr(self._processor, "chat_template", None))
        )

    def _vision_chat_text(self, messages: Sequence[ChatMessage]) -> str:
        """The processor's template over content lists: one {"type": "image"} slot per attached image, then the
        text, as Hugging Face vision-language templates expect (text-only turns become one text item)."""
        converted = []
        for m in messages:
            content: list[dict[str, Any]] = [{"type": "image"} for _ in (m.get("images") or ())]
            content.append({"type": "text", "text": str(m.get("content") or "")})
            converted.append({"role": m["role"], "content": content})
        try:
            return self._processor.apply_chat_template(converted, add_generation_prompt=True, tokenize=False)
        except Exception as exc:  # a template error is the model's fault, not the user's
            raise GenerationError(f"The model's chat template failed: {_first_line(exc)}") from exc

    def _chat_images(self, messages: Sequence[ChatMessage]) -> list[Any]:
        """The PIL images of every message, in prompt order, opened like every engine opens them. A small cache
        keeps fitting the history (which counts tokens several times) from decoding the same file again."""
        from desktop_app.core.tasks.images import open_image

        paths = [str(p) for m in messages for p in (m.get("images") or ())]
        if paths and Capability.VISION not in self.capabilities:
            raise self._unsupported("see images")
        cache: dict[str, Any] = getattr(self, "_image_cache", {})
        images, keys = [], []
        for path in paths:
            try:
                st = Path(path).stat()
                key = f"{path}\0{st.st_mtime_ns}\0{st.st_size}"
            except OSError:
                key = path  # open_image raises the sentence for a missing file
            if key not in cache:
                cache[key] = open_image(path)
            images.append(cache[key])
            keys.append(key)
        self._image_cache = {k: cache[k] for k in keys}  # this conversation's images only
        return images

    def _chat_inputs(self, messages: Sequence[ChatMessage]) -> tuple[list[int], dict[str, Any]]:
        """Prompt ids, plus the processor's image tensors (pixel_values...) when the messages carry images."""
        self._needs(Capability.CHAT, "chat")
        text = self._chat_text(messages)
        images = self._chat_images(messages)
        if not images:
            return self._tokenizer(text, add_special_tokens=False)["input_ids"], {}
        if not self._uses_processor_template():
            raise GenerationError(f"{self.info.name if self.info else 'This model'} has no chat template for images.")
        bos = getattr(self._tokenizer, "bos_token", None)
        add_special = not (bos and text.startswith(bos))  # as the processor's own apply_chat_template decides
        try:
            batch = self._processor(images=images, text=[text], add_special_tokens=add_special, return_tensors="pt")
        except Exception as exc:
            raise GenerationError(f"The model's processor could not prepare the images: {_first_line(exc)}") from exc
        inputs = self._to_device(batch)
        ids = inputs.pop("input_ids")[0].tolist()
        inputs.pop("attention_mask", None)
        return ids, inputs

    def format_chat(self, messages: Sequence[ChatMessage]) -> str:
        """The chat template rendered as text, generation prompt included."""
        self._needs(Capability.CHAT, "chat")
        return self._chat_text(messages)

    def _chat_ids(self, messages: Sequence[ChatMessage]) -> list[int]:
        return self._chat_inputs(messages)[0]

    def count_chat_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return len(self._chat_ids(messages))

    def count_tokens(self, text: str) -> int:
        self._require()
        return len(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    # -- streaming generation --------------------------------------------------------------------------------------
    def chat_stream(
        self, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        ids, extra = self._chat_inputs(messages)
        return self._stream(ids, params, cancel, extra)

    def complete_stream(
        self, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        self._needs(Capability.CHAT, "complete text")
        return self._stream(self._tokenizer(prompt)["input_ids"], params, cancel)

    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for source in (self._model.generation_config, self._model.config, self._tokenizer):
            value = getattr(source, "eos_token_id", None)
            ids.update(value if isinstance(value, (list, tuple)) else [value] if value is not None else [])
        return ids

    def _stream(
        self, ids: list[int], params: GenerationParams, cancel: threading.Event, extra: dict[str, Any] | None = None
    ) -> Iterator[Chunk]:
        """Generate from prompt `ids`; `extra` holds more model inputs (a vision model's pixel_values)."""
        import torch

        model = self._require()
        n_prompt = len(ids)
        if n_prompt >= self._n_ctx:
            raise ContextOverflowError(
                f"The prompt is {n_prompt:,} tokens but the model's context holds {self._n_ctx:,}. "
                "Shorten the message or raise the context length."
            )
        budget = self._n_ctx - n_prompt
        max_new = min(params.max_tokens, budget) if params.max_tokens > 0 else budget
        input_ids = torch.tensor([ids], dtype=torch.long, device=self._device)
        streamer = _counting_streamer(self._tokenizer)
        halt = threading.Event()  # set once a stop string is seen, or when the caller abandons the stream
        kwargs = dict(
            input_ids=input_ids,
            attention_mask=torch.ones_like(input_ids),
            max_new_tokens=max_new,
            streamer=streamer,
            stopping_criteria=_criteria(cancel, halt),
            **sampling_kwargs(params, self._pad_id()),
            **(extra or {}),
        )
        errors: list[BaseException] = []

        def run() -> None:
            try:
                if params.seed >= 0:
                    torch.manual_seed(params.seed)
                with torch.inference_mode():
                    model.generate(**kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer thread, which raises it
                errors.append(exc)
                streamer.end()

        return self._drain(
            threading.Thread(target=run, name="generate", daemon=True),
            streamer,
            halt,
            errors,
            params,
            cancel,
            n_prompt,
            max_new,
        )

    def _drain(self, thread, streamer, halt, errors, params, cancel, n_prompt, max_new) -> Iterator[Chunk]:
        stopper = StopMatcher(params.stop)
        thread.start()
        try:
            for item in iter(streamer.text_queue.get, streamer.stop_signal):
                text, count = item
                shown = stopper.feed(text)
                if shown:
                    yield Chunk(text=shown, prompt_tokens=n_prompt, completion_tokens=count)
                if stopper.stopped:
                    halt.set()  # generation ends after this token; keep draining until its stop signal
        finally:
            halt.set()  # a no-op when it ended by itself; stops it when the caller closed this iterator early
            thread.join()
        if errors:
            raise self._generation_error(errors[0])
        produced = streamer.generated
        ended_on_eos = streamer.last_token is not None and streamer.last_token in self._eos_ids()
        if ended_on_eos:
            produced -= 1  # the end-of-turn token is not part of the reply (llama_cpp.py does not count it)
        if cancel.is_set():
            finish = "cancelled"
        elif stopper.stopped or ended_on_eos or streamer.generated < max_new:
            finish = "stop"
        else:
            finish = "length"
        tail = stopper.flush()
        yield Chunk(
            text=tail, prompt_tokens=n_prompt, completion_tokens=max(produced, 0), finish_reason=finish
        )

    def _pad_id(self) -> int | None:
        tok = self._tokenizer
        pad = getattr(tok, "pad_token_id", None)
        if pad is None:
            eos = getattr(tok, "eos_token_id", None)
            pad = eos[0] if isinstance(eos, list) else eos
        return pad

    def _generation_error(self, exc: BaseException) -> Exception:
        import torch

        from desktop_app.core.backends import torch_support as ts

        if isinstance(exc, torch.cuda.OutOfMemoryError):
            ts.release_memory()
            return GenerationError(
                f"The GPU ran out of memory while generating ({ts.oom_detail(self._device)}); "
                "use a shorter input, fewer new tokens, or a smaller model."
            )
        if isinstance(exc, Exception):
            return GenerationError(f"Generation failed: {_first_line(exc)}")
        return GenerationError(f"Generation was interrupted: {type(exc).__name__}")

    # -- zero-shot label scoring -----------------------------------------------------------------------------------
    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores:
        """P(label | prompt) over the label set: each label's whole token sequence is scored (sum of token
        log-probabilities after the prompt), then a softmax over the labels turns the sums into probabilities."""
        import torch

        model = self._needs(Capability.CHAT, "score labels")
        if not labels:
            raise GenerationError("No labels were given to score.")
        tok = self._tokenizer
        prompt_ids = tok(prompt)["input_ids"]
        rows = []
        for label in labels:
            full = tok(prompt + label)["input_ids"]
            if full[: len(prompt_ids)] == prompt_ids and len(full) > len(prompt_ids):
                label_ids = full[len(prompt_ids) :]
            else:  # the tokenizer merged across the boundary: score the label tokenized on its own
                label_ids = tok(label, add_special_tokens=False)["input_ids"]
            if not label_ids:
                raise GenerationError(f"The label {label!r} has no tokens.")
            rows.append(label_ids)
        width = len(prompt_ids) + max(len(r) for r in rows)
        if width > self._n_ctx:
            raise ContextOverflowError(
                f"The prompt and labels are {width:,} tokens but the model's context holds {self._n_ctx:,}."
            )
        pad = self._pad_id() or 0
        batch = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros_like(batch)
        for i, r in enumerate(rows):
            seq = prompt_ids + r
            batch[i, : len(seq)] = torch.tensor(seq)
            mask[i, : len(seq)] = 1
        try:
            with torch.inference_mode():
                logits = model(input_ids=batch.to(self._device), attention_mask=mask.to(self._device)).logits
        except Exception as exc:
            raise self._generation_error(exc) from exc
        logprobs = torch.log_softmax(logits.float(), dim=-1)
        totals = []
        start = len(prompt_ids)
        for i, r in enumerate(rows):
            positions = torch.arange(start - 1, start - 1 + len(r), device=logprobs.device)
            targets = torch.tensor(r, device=logprobs.device)
            totals.append(logprobs[i, positions, targets].sum())
        probs = torch.softmax(torch.stack(totals), dim=0).tolist()
        return LabelScores(labels=list(labels), probabilities=probs)

    # -- task capabilities -------------------------------------------------------------------------------------------
    def classify(self, texts: Sequence[str], cancel: threading.Event | None = None) -> list[LabelScores]:
        """Label probabilities per text: a softmax, or independent sigmoids for multi-label classifiers."""
        import torch

        model = self._needs(Capability.CLASSIFIER, "classify text")
        cfg = model.config
        labels = [cfg.id2label.get(i, str(i)) for i in range(cfg.num_labels)]
        multi = getattr(cfg, "problem_type", None) == "multi_label_classification"
        accepted = set(inspect.signature(model.forward).parameters)
        results: list[LabelScores] = []
        for start in range(0, len(texts), CLASSIFY_BATCH):
            _check_cancel(cancel)
            enc = self._tokenizer(
                list(texts[start : start + CLASSIFY_BATCH]),
                padding=True,
                truncation=True,
                max_length=self._n_ctx,
                return_tensors="pt",
            )
            inputs = {k: v.to(self._device) for k, v in enc.items() if k in accepted}
            try:
                with torch.inference_mode():
                    logits = model(**inputs).logits.float()
            except Exception as exc:
                raise self._generation_error(exc) from exc
            probs = torch.sigmoid(logits) if multi else torch.softmax(logits, dim=-1)
            results.extend(LabelScores(labels, row, multi_label=multi) for row in probs.tolist())
        return results

    def seq2seq(
        self,
        texts: Sequence[str],
        params: GenerationParams,
        cancel: threading.Event | None = None,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> list[str]:
        """Generate one output per text. With `target_lang` (and `source_lang`, app codes from
        tasks/languages.py), a translation model is told the languages its own way: a `>>id<<` token for
        multi-target Marian, a task prefix for T5, the source language token and a forced first target token for
        NLLB and M2M100. A pair the model cannot translate raises UnsupportedTaskError before any work."""
        model = self._needs(Capability.SEQ2SEQ, "run sequence-to-sequence generation")
        plan = self._translation_plan(source_lang, target_lang) if (source_lang or target_lang) else None
        outputs: list[str] = []
        for start in range(0, len(texts), GENERATE_BATCH):
            _check_cancel(cancel)
            batch = list(texts[start : start + GENERATE_BATCH])
            extra: dict[str, Any] = {}
            if plan is None:
                enc = self._tokenizer(
                    batch, padding=True, truncation=True, max_length=self._n_ctx, return_tensors="pt"
                )
            else:
                enc, extra = self._translation_inputs(batch, plan)
                # A model that never says </s> must not run past its decoder's positions.
                extra["max_new_tokens"] = min(params.max_tokens, self._n_ctx) if params.max_tokens > 0 else self._n_ctx
            inputs = {k: v.to(self._device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
            out = self._generate(model, inputs, params, cancel, **extra)
            outputs.extend(t.strip() for t in self._tokenizer.batch_decode(out, skip_special_tokens=True))
        return outputs

    @property
    def translation(self) -> Translation | None:
        """What the loaded seq2seq model can translate (None: not a translation model this app can drive)."""
        return self._translation

    def _translation_plan(self, source: str | None, target: str | None) -> _TranslationPlan:
        from desktop_app.core.tasks.translate import check_pair

        profile = self._translation
        name = self.info.name if self.info else "This model"
        if profile is None:
            from desktop_app.core.errors import UnsupportedTaskError

            raise UnsupportedTaskError(
                f"{name} is not a translation model this app knows how to drive "
                "(Marian opus-mt, NLLB, M2M100 or T5)."
            )
        source, target = check_pair(self, source, target)
        if profile.kind == "t5":
            return _TranslationPlan(prefix=profile.prefixes[f"{source or 'en'}>{target}"])
        if profile.kind == "marian":
            token = profile.tokens.get(target, "")
            return _TranslationPlan(prefix=f"{token} " if token else "")
        if source is None:
            from desktop_app.core.errors import UnsupportedTaskError

            raise UnsupportedTaskError(f"{name} needs to be told which language the text is in.")
        tok = self._tokenizer
        return _TranslationPlan(
            source_code=profile.codes[source],
            source_id=tok.convert_tokens_to_ids(profile.tokens[source]),
            forced_bos_id=tok.convert_tokens_to_ids(profile.tokens[target]),
        )

    def _translation_inputs(self, texts: list[str], plan: _TranslationPlan) -> tuple[dict[str, Any], dict[str, Any]]:
        """Encoder inputs (and generate() arguments) for one batch of texts to translate."""
        import torch

        tok = self._tokenizer
        texts = [plan.prefix + t for t in texts]
        if plan.source_id is None:
            enc = tok(texts, padding=True, truncation=True, max_length=self._n_ctx, return_tensors="pt")
            return dict(enc), {}
        extra = {"forced_bos_token_id": plan.forced_bos_id}
        if hasattr(type(tok), "src_lang"):
            # NllbTokenizer and M2M100Tokenizer add the source language token themselves (each its own way).
            tok.src_lang = plan.source_code
            enc = tok(texts, padding=True, truncation=True, max_length=self._n_ctx, return_tensors="pt")
            return dict(enc), extra
        # Any other tokenizer whose vocabulary has the language tokens: [source language] text </s>, as the
        # NLLB and M2M100 tokenizers build it.
        eos = tok.eos_token_id
        tail = [eos] if eos is not None else []
        rows = [
            [plan.source_id, *ids[: max(1, self._n_ctx - 1 - len(tail))], *tail]
            for ids in tok(texts, add_special_tokens=False)["input_ids"]
        ]
        width = max(len(r) for r in rows)
        input_ids = torch.full((len(rows), width), self._pad_id() or 0, dtype=torch.long)
        mask = torch.zeros_like(input_ids)
        for i, r in enumerate(rows):
            input_ids[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        return {"input_ids": input_ids, "attention_mask": mask}, extra

    def describe(
        self,
        images: Sequence[Any],
        prompt: str,
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> list[str]:
        """One caption per PIL image. BLIP takes `prompt` as the caption's start; a VisionEncoderDecoder
        captioner has no text input and ignores it; image-text-to-text models get it through their chat template."""
        model = self._needs(Capability.CAPTIONER, "describe images")
        family = self._folder.family
        rgb = [im.convert("RGB") for im in images]
        if family is Family.IMAGE_TEXT:
            return [self._describe_chat(model, im, prompt, params, cancel) for im in rgb]
        outputs: list[str] = []
        for start in range(0, len(rgb), GENERATE_BATCH):
            _check_cancel(cancel)
            batch = rgb[start : start + GENERATE_BATCH]
            if family is Family.BLIP:
                text = [prompt] * len(batch) if prompt.strip() else None
                inputs = self._to_device(self._processor(images=batch, text=text, return_tensors="pt"))
            else:
                inputs = self._to_device(self._processor(images=batch, return_tensors="pt"))
                inputs = {"pixel_values": inputs["pixel_values"]}
            out = self._generate(model, inputs, params, cancel)
            outputs.extend(t.strip() for t in self._tokenizer.batch_decode(out, skip_special_tokens=True))
        return outputs

    def _describe_chat(self, model, image, prompt: str, params, cancel) -> str:
        _check_cancel(cancel)
        inputs = self._describe_chat_inputs(image, prompt)
        out = self._generate(model, inputs, params, cancel)
        new = out[:, inputs["input_ids"].shape[1] :]
        return self._tokenizer.batch_decode(new, skip_special_tokens=True)[0].strip()

    def _describe_chat_inputs(self, image: Any, prompt: str) -> dict[str, Any]:
        content = [{"type": "image"}, {"type": "text", "text": prompt.strip() or DEFAULT_DESCRIBE_PROMPT}]
        messages = [{"role": "user", "content": content}]
        try:
            text = self._processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        except Exception as exc:
            raise GenerationError(f"The model's chat template failed: {_first_line(exc)}") from exc
        return self._to_device(self._processor(images=[image], text=[text], return_tensors="pt"))

    def describe_stream(
        self, image: Any, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        """One caption streamed token by token (the single-image view). Beam search cannot stream (the best beam
        is known only at the end), so with beams the caption arrives whole, as BackendBase does it."""
        model = self._needs(Capability.CAPTIONER, "describe images")
        if params.num_beams > 1:
            yield from super().describe_stream(image, prompt, params, cancel)
            return
        import torch

        family = self._folder.family
        rgb = image.convert("RGB")
        lead = ""
        if family is Family.IMAGE_TEXT:
            inputs = self._describe_chat_inputs(rgb, prompt)
        elif family is Family.BLIP:
            text = [prompt] if prompt.strip() else None
            inputs = self._to_device(self._processor(images=[rgb], text=text, return_tensors="pt"))
            if text:  # BLIP continues the prompt, and describe() returns it as the caption's start
                lead = self._tokenizer.decode(inputs["input_ids"][0], skip_special_tokens=True).strip()
        else:
            inputs = {"pixel_values": self._to_device(self._processor(images=[rgb], return_tensors="pt"))[
                "pixel_values"
            ]}
        n_prompt = int(inputs["input_ids"].shape[1]) if "input_ids" in inputs else 0
        max_new = params.max_tokens if params.max_tokens > 0 else 256
        streamer = _counting_streamer(self._tokenizer)
        halt = threading.Event()
        kw = sampling_kwargs(params, None if family is Family.BLIP else self._pad_id())
        kw.update(max_new_tokens=max_new, streamer=streamer, stopping_criteria=_criteria(cancel, halt))
        errors: list[BaseException] = []

        def run() -> None:
            try:
                if params.seed >= 0:
                    torch.manual_seed(params.seed)
                with torch.inference_mode():
                    model.generate(**inputs, **kw)
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer thread, which raises it
                errors.append(exc)
                streamer.end()

        if lead:
            yield Chunk(text=lead + " ", prompt_tokens=n_prompt)
        first = True
        for chunk in self._drain(
            threading.Thread(target=run, name="describe", daemon=True), streamer, halt, errors, params, cancel,
            n_prompt, max_new,
        ):
            if first and chunk.text:
                chunk = Chunk(**{**chunk.__dict__, "text": chunk.text.lstrip()})
                first = not chunk.text
            yield chunk

    def _to_device(self, batch: Any) -> dict[str, Any]:
        """Tensors onto the model's device; image tensors also into its dtype."""
        moved = {}
        for key, value in dict(batch).items():
            if hasattr(value, "to"):
                value = (
                    value.to(self._device, self._dtype)
                    if value.is_floating_point()
                    else value.to(self._device)
                )
            moved[key] = value
        return moved

    def _generate(self, model: Any, inputs: dict[str, Any], params: GenerationParams, cancel, **extra: Any) -> Any:
        import torch

        # BLIP's generate() sets pad_token_id itself and refuses a second one.
        kw = sampling_kwargs(params, None if self._folder.family is Family.BLIP else self._pad_id())
        if params.max_tokens > 0:
            kw["max_new_tokens"] = params.max_tokens
        kw.update(extra)
        event = cancel if cancel is not None else threading.Event()
        try:
            if params.seed >= 0:
                torch.manual_seed(params.seed)
            with torch.inference_mode():
                out = model.generate(**inputs, stopping_criteria=_criteria(event), **kw)
        except Exception as exc:
            raise self._generation_error(exc) from exc
        _check_cancel(cancel)
        return out


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("Cancelled.")


# -- translation models ------------------------------------------------------------------------------------------------
# opus-mt-en-zh, opus-mt-tc-big-en-zh, Helsinki-NLP/opus-mt-zh-en...: the pair is in the name.
OPUS_NAME = re.compile(r"opus-mt-(?:tc-(?:big|base)-)?([a-z]{2,3}(?:_[a-z]+)?)-([a-z]{2,3}(?:_[a-z]+)?)(?![a-z])", re.I)
T5_PREFIXES = {  # the only pairs original T5 was trained to translate
    "en>de": "translate English to German: ",
    "en>fr": "translate English to French: ",
    "en>ro": "translate English to Romanian: ",
}


@dataclass(frozen=True)
class Translation:
    """What a loaded seq2seq model can translate, and the model's own names for the languages.

    `sources`/`targets` are app language codes; with `pairs` set, only those (source, target) pairs work,
    else any source to any other target. Empty `sources` (or `targets`) means the model does not say which
    (a Marian folder whose name and tokenizer give no languages): nothing is checked then."""

    kind: str  # "marian", "nllb", "m2m100" or "t5"
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...] = ()
    tokens: dict[str, str] = field(default_factory=dict)  # app code -> language token in the vocabulary
    codes: dict[str, str] = field(default_factory=dict)  # app code -> what tokenizer.src_lang takes
    prefixes: dict[str, str] = field(default_factory=dict)  # "en>de" -> T5 task prefix

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "sources": list(self.sources), "targets": list(self.targets)}
        if self.pairs:
            d["pairs"] = [list(p) for p in self.pairs]
        else:
            d["languages"] = sorted(set(self.sources) | set(self.targets))
        return d


@dataclass(frozen=True)
class _TranslationPlan:
    prefix: str = ""  # prepended to each text (T5 task prefix, Marian >>id<< token)
    source_code: str = ""  # for tokenizer.src_lang
    source_id: int | None = None  # NLLB / M2M100 source language token
    forced_bos_id: int | None = None  # NLLB / M2M100 target language token, forced first


def translation_profile(folder: Path, config: dict[str, Any], tokenizer: Any, name: str) -> Translation | None:
    """The translation abilities of a seq2seq model, from its config, tokenizer and name; None for models that
    do not translate (BART, Pegasus summarizers) or that this app cannot drive."""
    model_type = str(config.get("model_type") or "")
    try:
        vocab = set(tokenizer.get_vocab())
    except (AttributeError, NotImplementedError, TypeError):
        vocab = set()
    if model_type == "marian":
        return _marian_profile(folder, config, vocab, name)
    if model_type in ("m2m_100", "nllb-moe"):
        nllb = [lang for lang in languages.LANGUAGES if lang.nllb in vocab]
        if nllb:
            codes = tuple(lang.code for lang in nllb)
            table = {lang.code: lang.nllb for lang in nllb}
            return Translation("nllb", codes, codes, tokens=table, codes=table)
        sources: list[str] = []
        targets: list[str] = []
        tokens: dict[str, str] = {}
        m2m_codes: dict[str, str] = {}
        for lang in languages.LANGUAGES:
            code = lang.m2m100 or ("zh" if lang.code == "zh-Hant" else None)  # reads Traditional, writes Simplified
            if code and f"__{code}__" in vocab:
                sources.append(lang.code)
                tokens[lang.code], m2m_codes[lang.code] = f"__{code}__", code
                if lang.m2m100:
                    targets.append(lang.code)
        if targets:
            return Translation("m2m100", tuple(sources), tuple(targets), tokens=tokens, codes=m2m_codes)
        return None
    if model_type == "t5":
        prefixes = dict(T5_PREFIXES)
        tsp = config.get("task_specific_params")
        if isinstance(tsp, dict):
            for key, value in tsp.items():
                m = re.fullmatch(r"translation_([a-z]+)_to_([a-z]+)", str(key))
                src, tgt = (languages.lookup(m.group(1)), languages.lookup(m.group(2))) if m else (None, None)
                if src and tgt and isinstance(value, dict) and isinstance(value.get("prefix"), str):
                    prefixes[f"{src.code}>{tgt.code}"] = value["prefix"]
        pairs = tuple(tuple(k.split(">")) for k in prefixes)
        return Translation(
            "t5",
            tuple(dict.fromkeys(p[0] for p in pairs)),
            tuple(dict.fromkeys(p[1] for p in pairs)),
            pairs=pairs,  # type: ignore[arg-type]
            prefixes=prefixes,
        )
    return None


def _marian_profile(folder: Path, config: dict[str, Any], vocab: set[str], name: str) -> Translation:
    src = tgt = None
    try:
        tok_cfg = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tok_cfg = {}
    if isinstance(tok_cfg, dict):
        src = languages.lookup(str(tok_cfg.get("source_lang") or ""))
        tgt = languages.lookup(str(tok_cfg.get("target_lang") or ""))
    for candidate in (name, folder.name, str(config.get("_name_or_path") or "")):
        m = OPUS_NAME.search(candidate)
        if m:
            src = src or languages.lookup(m.group(1))
            tgt = tgt or languages.lookup(m.group(2))
            break
    tokens: dict[str, str] = {}
    for lang in languages.LANGUAGES:  # multi-target models: a >>id<< token starts the text
        token = next((t for t in languages.marian_target_tokens(lang) if t in vocab), None)
        if token:
            tokens[lang.code] = token
    targets = tuple(tokens) if tokens else ((tgt.code,) if tgt else ())
    sources = (src.code,) if src else ()
    pairs = tuple((s, t) for s in sources for t in targets if s != t)
    return Translation("marian", sources, targets, pairs=pairs, tokens=tokens)
