"""The Gradio chat over the article; it renders what ``qa`` returns (gradio loads only in ``ui.app``)."""
