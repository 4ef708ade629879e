"""BodyMaps' data files, installed as the package ``bodymaps_data``: read them through bodymaps.resources.

This file makes the folder a package, so that a wheel, an editable install and a PyInstaller bundle find the
data with importlib.resources. A PyInstaller spec includes it with ``hiddenimports=["bodymaps_data"]`` (it is
imported by name) and ``datas=collect_data_files("bodymaps_data")``.
"""
