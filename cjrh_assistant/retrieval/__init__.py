"""Index and hybrid retrieval. LlamaIndex and Chroma types stay inside this package."""
