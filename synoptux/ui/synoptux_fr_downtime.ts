<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<!-- The downtime copy (issue 20, ui/downtime.py): merged into resources/translations/synoptux_fr.ts -->
<context>
    <name>DowntimeCopy</name>
    <message>
        <source>The board was written as PDF and HTML in {0}.</source>
        <translation>Le tableau a été écrit en PDF et en HTML dans {0}.</translation>
    </message>
    <message>
        <source>The board could not be written: {0}</source>
        <translation>Le tableau n'a pas pu être écrit : {0}</translation>
    </message>
    <message>
        <source>see the log</source>
        <translation>voir le journal</translation>
    </message>
</context>
</TS>
