<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<!-- The screen while the board is read (issue 13, ui/loading.py): merged into resources/translations/synoptux_fr.ts -->
<context>
    <name>Loading</name>
    <message>
        <source>Loading the board…</source>
        <translation>Chargement du tableau…</translation>
    </message>
</context>
</TS>
