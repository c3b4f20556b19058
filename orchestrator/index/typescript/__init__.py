"""Reading TypeScript and the script blocks of Vue files with tree-sitter: declarations and
the backend calls the frontend makes."""
