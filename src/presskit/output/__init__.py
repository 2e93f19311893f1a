"""What a build leaves on disk: staged files committed all at once, the build record, the cache.

Nothing here knows what a kit is: these modules write and remember files, for the pipeline above.
"""
