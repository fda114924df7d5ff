"""Consular cases, citizen protection and APEC Business Travel Cards."""
