"""PyTorch models through Hugging Face transformers: model folders (config.json + safetensors) and GGUF files.

- folder.py: what a model path holds (family, weights, consent), decided once before transformers reads it;
- base.py: what every family shares (device and dtype, tokenizer, streaming with cancel, error sentences);
- causal.py, vision.py, seq2seq.py (+ translation.py), classifier.py, captioner.py: one class per family;
- loader.py: TransformersBackend, the entry point create_backend() returns for `spec.backend == "transformers"`.

torch and transformers are imported inside functions only, and only the engine process imports this package.
"""
