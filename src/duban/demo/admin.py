from django.contrib import admin

from duban.demo.models import DemoDataset

admin.site.register(DemoDataset)
