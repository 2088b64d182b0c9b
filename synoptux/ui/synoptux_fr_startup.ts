<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<!-- The startup error window (issue 13, ui/startup_error.py): merged into resources/translations/synoptux_fr.ts -->
<context>
    <name>StartupError</name>
    <message>
        <source>The database cannot be reached.</source>
        <translation>La base de données est injoignable.</translation>
    </message>
    <message>
        <source>Try again in a moment.</source>
        <translation>Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The database server cannot be reached.</source>
        <translation>Le serveur de base de données est injoignable.</translation>
    </message>
    <message>
        <source>Check that it is a file and that this user may read it.</source>
        <translation>Vérifiez que c'est bien un fichier et que cet utilisateur peut le lire.</translation>
    </message>
    <message>
        <source>Correct it in synoptux.ini.</source>
        <translation>Corrigez-le dans synoptux.ini.</translation>
    </message>
    <message>
        <source>The database holds no Synoptux tables.</source>
        <translation>La base de données ne contient pas les tables de Synoptux.</translation>
    </message>
    <message>
        <source>Create them with the command: synoptux init-db</source>
        <translation>Créez-les avec la commande : synoptux init-db</translation>
    </message>
    <message>
        <source>This is a Synoptux 2.x database that must be upgraded first.</source>
        <translation>C'est une base Synoptux 2.x qu'il faut d'abord mettre à niveau.</translation>
    </message>
    <message>
        <source>Run the command: synoptux upgrade</source>
        <translation>Lancez la commande : synoptux upgrade</translation>
    </message>
    <message>
        <source>If it is on a network share, check that the share is mounted. Nothing was created: the board shows no invented patients in place of the real ones.</source>
        <translation>S'il est sur un partage réseau, vérifiez que le partage est monté. Rien n'a été créé : le tableau n'affiche pas de patients fictifs à la place des vrais.</translation>
    </message>
    <message>
        <source>Check the database setting in synoptux.ini.</source>
        <translation>Vérifiez le réglage de la base de données dans synoptux.ini.</translation>
    </message>
    <message>
        <source>Correct the user and the password in synoptux.ini.</source>
        <translation>Corrigez l'utilisateur et le mot de passe dans synoptux.ini.</translation>
    </message>
    <message>
        <source>Check its name in synoptux.ini, or create it then run: synoptux init-db</source>
        <translation>Vérifiez son nom dans synoptux.ini, ou créez-la puis lancez : synoptux init-db</translation>
    </message>
    <message>
        <source>The board cannot start</source>
        <translation>Le tableau ne peut pas démarrer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Check the path given with --config or $SYNOPTUX_CONFIG. The board does not start on an empty configuration.</source>
        <translation>Vérifiez le chemin donné par --config ou $SYNOPTUX_CONFIG. Le tableau ne démarre pas sur une configuration vide.</translation>
    </message>
    <message>
        <source>Repair it or put its backup copy back. The board does not start on a configuration it cannot read.</source>
        <translation>Réparez-le ou remettez sa copie de sauvegarde. Le tableau ne démarre pas sur une configuration qu'il ne peut pas lire.</translation>
    </message>
    <message>
        <source>The command {cmd} checks every setting.</source>
        <translation>La commande {cmd} vérifie chaque réglage.</translation>
    </message>
    <message>
        <source>The configuration file {path} cannot be read.</source>
        <translation>Le fichier de configuration {path} ne peut pas être lu.</translation>
    </message>
    <message>
        <source>The database setting [{section}] {key} is wrong.</source>
        <translation>Le réglage de la base de données [{section}] {key} est incorrect.</translation>
    </message>
    <message>
        <source>The setting [{section}] {key} is wrong.</source>
        <translation>Le réglage [{section}] {key} est incorrect.</translation>
    </message>
    <message>
        <source>The database file {path} cannot be found.</source>
        <translation>Le fichier de la base de données {path} est introuvable.</translation>
    </message>
    <message>
        <source>The file {path} is not a SQLite database.</source>
        <translation>Le fichier {path} n'est pas une base de données SQLite.</translation>
    </message>
    <message>
        <source>The database server refused the user name or the password ({who}).</source>
        <translation>Le serveur de base de données a refusé l'utilisateur ou le mot de passe ({who}).</translation>
    </message>
    <message>
        <source>The database {name} does not exist on the server.</source>
        <translation>La base de données {name} n'existe pas sur le serveur.</translation>
    </message>
    <message>
        <source>Technical detail (exit status {status}): {detail}</source>
        <translation>Détail technique (code de sortie {status}) : {detail}</translation>
    </message>
    <message>
        <source>The configuration file {path} does not exist.</source>
        <translation>Le fichier de configuration {path} n'existe pas.</translation>
    </message>
    <message>
        <source>The configuration file {path} is damaged (line {line}).</source>
        <translation>Le fichier de configuration {path} est endommagé (ligne {line}).</translation>
    </message>
</context>
</TS>
