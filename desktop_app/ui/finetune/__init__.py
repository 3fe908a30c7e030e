"""The Fine-tune tab's wizard pages (one module per page) and its Runs panel; the tab is ui/tabs/finetune_tab.py."""
