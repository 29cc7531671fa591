from django.apps import AppConfig


class DevdataConfig(AppConfig):
    name = "collegium.devdata"
    label = "devdata"
    verbose_name = "Development data"
