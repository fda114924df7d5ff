"""International conferences and seminars (hội nghị, hội thảo quốc tế): requests, approval
level, permits, reports after the event."""
