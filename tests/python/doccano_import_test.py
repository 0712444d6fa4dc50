"""Marginalia's doccano exports through doccano's own relation import. Copied into doccano's
backend by check_doccano_import.sh and run by doccano's Django test runner, so the files go
through the same code as an upload in doccano's web page ("JSONL(Relation)")."""
import json
import os
import pathlib

from django.core.files import File
from django.test import TestCase
from django_drf_filepond.models import TemporaryUpload
from django_drf_filepond.utils import _get_file_id

from data_import.celery_tasks import import_dataset
from data_import.pipeline.catalog import RELATION_EXTRACTION
from examples.models import Example
from projects.models import ProjectType
from projects.tests.utils import prepare_project


class TestMarginaliaExports(TestCase):
    def import_file(self, path):
        # Several annotators' spans overlap: "Allow overlapping entity" is ticked.
        project = prepare_project(
            ProjectType.SEQUENCE_LABELING, use_relation=True, allow_overlapping=True
        )
        upload_id = _get_file_id()
        with open(path, "rb") as f:
            TemporaryUpload.objects.create(
                upload_id=upload_id,
                file_id="1",
                file=File(f, pathlib.Path(path).name),
                upload_name=pathlib.Path(path).name,
                upload_type="F",
            )
            response = import_dataset(
                project.admin.id, project.item.id, "JSONL", [upload_id], RELATION_EXTRACTION
            )
        self.assertEqual(response["error"], [], path)
        return project.item

    def check_file(self, path):
        project = self.import_file(path)
        records = [json.loads(line) for line in open(path, encoding="utf-8")]
        self.assertEqual(Example.objects.filter(project=project).count(), len(records))
        spans = relations = 0
        for rec in records:
            example = Example.objects.get(project=project, text=rec["text"])
            got = sorted((s.start_offset, s.end_offset, s.label.text) for s in example.spans.all())
            want = sorted((e["start_offset"], e["end_offset"], e["label"]) for e in rec["entities"])
            self.assertEqual(got, want, rec.get("title"))
            by_id = {e["id"]: e for e in rec["entities"]}
            got = sorted(
                (r.from_id.start_offset, r.to_id.start_offset, r.type.text)
                for r in example.relations.all()
            )
            want = sorted(
                (by_id[r["from_id"]]["start_offset"], by_id[r["to_id"]]["start_offset"], r["type"])
                for r in rec["relations"]
            )
            self.assertEqual(got, want, rec.get("title"))
            spans += len(example.spans.all())
            relations += len(got)
        print(f"\n{path}: doccano imported {len(records)} documents, {spans} spans, "
              f"{relations} relations, 0 errors")
        self.assertGreater(spans, 0, "nothing to check")

    def test_exports(self):
        for path in os.environ["MARGINALIA_DOCCANO"].split(":"):
            self.check_file(path)
