"""API infrastructure every app's router uses: pagination, schemas, errors."""
