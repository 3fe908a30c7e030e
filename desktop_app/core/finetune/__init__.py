"""Fine-tuning, Qt-free: the data, the settings, the training process, its measurements and its results.

Importing this package (or datasets, tokens, config, runs) never imports torch: the wizard can validate data and settings
and list runs at no cost. The modules:

- `datasets`: `load_dataset(path, mapping=None, task="causal", skip_bad=True) -> Dataset` reads JSONL, JSON,
  CSV, TXT or Parquet, detects alpaca / sharegpt / messages / text / classification rows (a column `mapping` covers
  other layouts) and validates each row: `Dataset.report` is a `ValidationReport` (format, rows per format, and
  `issues`: `RowIssue(line, reason)` for missing fields, empty answers, wrong types, missing labels and rows in
  another format than the file's). `split(examples, eval_fraction=0.1, seed)` holds rows out for evaluation.
  Problems raise `core.errors.DatasetError` (with `.report`). Reading a file into raw rows is `dataset_files`.
- `tokens`: with the base model's tokenizer, `token_stats(tokenizer, examples, max_length) -> TokenStats`
  (min/max/mean/p95, how many rows are cut, histogram `bins`), `encode_causal` (chat template applied, labels -100
  outside the assistant's answers unless `whole_text`) and `encode_classification`.
- `config`: `RunConfig` (task, base_model, dataset, mapping, method "lora"/"full", LoRA r/alpha/dropout/target
  modules, learning rate (None: 2e-4 LoRA, 2e-5 full), scheduler, warm-up, epochs / max_steps, batch size,
  gradient accumulation, max length, seed, device, dtype, threads, gradient checkpointing, eval/save/log
  intervals...). `PRESETS` ("quick", "balanced", "thorough") and `config.with_preset(name)`;
  `config.problems()` lists invalid settings as sentences, `config.validate()` raises `ConfigError` with them;
  `config.save(run_dir)` / `RunConfig.load(run_dir)` (RUN_DIR/config.json); `describe_field(name)` is the
  tooltip text of each field and `describe_label(name)` its label.
- `base_model`: `resolve_base_model(path, task)` -> the Transformers folder to train from, or `BaseModelError`
  with the reason (a GGUF only llama.cpp can run, an architecture Transformers cannot load, a non-causal model for
  a causal run...). Call it before starting a run. `linear_module_names(model)` lists LoRA target candidates.
- `runs`: `create_run(config) -> run_dir` under `paths.data_dir()/finetune/runs/<id>/`, `start_worker(run_dir,
  resume=False) -> Popen`, `send_control(run_dir, "pause" | "resume" | "stop" | "stop-now")`, `read_status(run_dir)`
  (a worker that died reads as "failed" with its last log lines), `list_runs() -> [RunSummary]` (config, status,
  last metrics, best eval loss, checkpoints), `MetricsReader(run_dir).poll() -> MetricsUpdate(records,
  restarted)` follows metrics.jsonl incrementally for the live chart, `read_metrics(run_dir)` reads it whole.
- `worker`: the training process, `python -m desktop_app.core.finetune.worker RUN_DIR [--resume]` (its docstring
  describes the files it writes, checkpoints, control and resume); its `Trainer` mixes in `trainer_setup` (model,
  data and batches) and `checkpoints` (saving and resuming).
- `estimate`: `measure(config, steps=3) -> Estimate` runs a few real steps in a worker process: seconds per step,
  tokens/s, peak RAM/VRAM, ETA of the whole run, and `warnings` naming the setting to change when it will not fit.
- `export`: for a finished run, `compare_samples(run_dir)` (base vs fine-tuned answers to held-out prompts),
  `adapter_folder(run_dir)`, `merge_adapter(run_dir) -> folder` (safetensors, loads in TransformersBackend),
  `export_gguf(folder, out, "q8_0" | "f16")` for llama.cpp, and `evaluate_classifier(run_dir) -> ClassifierScores`
  (accuracy, macro F1). A classification run also leaves RUN_DIR/model, a classifier folder with its label names in
  config.id2label.

A typical wizard flow: `load_dataset` -> show the report and `token_stats` -> build a `RunConfig`, `problems()` as
the user edits -> `resolve_base_model` -> `estimate.measure` -> `create_run` + `start_worker` -> `MetricsReader`
on a timer and `read_status` -> `send_control` for pause/stop -> `export` functions on the results page.
"""
