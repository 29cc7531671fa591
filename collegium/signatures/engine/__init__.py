"""The signing engine: keys, the installation's certificate authority and PAdES signatures.

Pure: it knows neither Django nor the database.  The services hand it bytes
(keys, certificates, canonical documents, PDFs) and store what it returns.
"""
