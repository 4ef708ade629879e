"""Exam panels, each named after the part of the exam it shows; they edit only through the ExamController."""
