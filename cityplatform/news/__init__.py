"""News (信息发布): articles, their editorial workflow, search and feed."""
