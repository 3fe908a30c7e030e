"""The Models page's parts: the library (records.py, library_view.py), the selected model's details and load options
(details_box.py), its vision projector (projector.py), the models in memory (loaded_box.py) and the model for each
task (task_models_box.py). ui/tabs/models_tab.py puts them together and keeps loading and consent."""
