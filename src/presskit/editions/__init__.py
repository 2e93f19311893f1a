"""The editions a build makes, one module each: its maker, what its input key holds, and its
`Edition` record (name, file name, stylesheet, download label). registry.py gathers the records;
job.py is one language's build, which every maker renders from.
"""
