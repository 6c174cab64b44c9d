"""A classroom: the instructor's machine drives and grades trainee machines over ssh.

The roster, what was started where, and every grade live in the instructor's class
directory; a trainee machine only ever runs the lab and the trainee's work. Grades are
computed here, from the trainee's live system (through RemoteHost) and a copy of the
trainee's files, with the instructor's own scenario files and grader.
"""
