<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<!-- Statistics and history windows (issue 7): merge into resources/translations/synoptux_fr.ts -->
<context>
    <name>StatsWindow</name>
    <message>
        <source>Triage and alarms</source>
        <translation>Tri et alarmes</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <source>Target (min)</source>
        <translation>Délai cible (min)</translation>
    </message>
    <message>
        <source>Seen by a doctor</source>
        <translation>Vus par un médecin</translation>
    </message>
    <message>
        <source>Within target</source>
        <translation>Dans le délai</translation>
    </message>
    <message>
        <source>Within target (%)</source>
        <translation>Dans le délai (%)</translation>
    </message>
    <message>
        <source>Not seen</source>
        <translation>Pas encore vus</translation>
    </message>
    <message>
        <source>Alarms raised</source>
        <translation>Alarmes levées</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acquittées</translation>
    </message>
    <message>
        <source>Acknowledged (%)</source>
        <translation>Acquittées (%)</translation>
    </message>
    <message>
        <source>Median time to acknowledge (min)</source>
        <translation>Délai médian d'acquittement (min)</translation>
    </message>
    <message>
        <source>Triage levels: waiting time to the first medical contact</source>
        <translation>Niveaux de tri : attente avant le premier contact médical</translation>
    </message>
    <message>
        <source>Alarms raised and acknowledged, per task type</source>
        <translation>Alarmes levées et acquittées, par type de tâche</translation>
    </message>
    <message>
        <source>The database cannot be reached. Try again in a moment.</source>
        <translation>La base de données est injoignable. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The statistics could not be computed: {error}</source>
        <translation>Les statistiques n'ont pas pu être calculées : {error}</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistiques</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd'hui</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Dernier mois</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personnalisée</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Past stays…</source>
        <translation>Séjours passés…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <source>Acts</source>
        <translation>Actes</translation>
    </message>
    <message>
        <source>Acts per task type</source>
        <translation>Actes par type de tâche</translation>
    </message>
    <message>
        <source>Acts per hour of day</source>
        <translation>Actes par heure de la journée</translation>
    </message>
    <message>
        <source>Task durations</source>
        <translation>Durées des tâches</translation>
    </message>
    <message>
        <source>Median and 90th percentile (min)</source>
        <translation>Médiane et 90e centile (min)</translation>
    </message>
    <message>
        <source>Waiting room</source>
        <translation>Salle d'attente</translation>
    </message>
    <message>
        <source>Waiting times (min)</source>
        <translation>Temps d'attente (min)</translation>
    </message>
    <message>
        <source>Median wait by hour of arrival (min)</source>
        <translation>Attente médiane selon l'heure d'arrivée (min)</translation>
    </message>
    <message>
        <source>Stays</source>
        <translation>Séjours</translation>
    </message>
    <message>
        <source>Arrivals: day of week × hour</source>
        <translation>Arrivées : jour de la semaine × heure</translation>
    </message>
    <message>
        <source>Exits by destination</source>
        <translation>Sorties par destination</translation>
    </message>
    <message>
        <source>Periods of stress</source>
        <translation>Périodes de tension</translation>
    </message>
    <message>
        <source>Mean duration (min): stress / calm</source>
        <translation>Durée moyenne (min) : tension / calme</translation>
    </message>
    <message>
        <source>Computing {first} – {last}…</source>
        <translation>Calcul du {first} au {last}…</translation>
    </message>
    <message>
        <source>Period {first} – {last}: {n} stay(s), {acts} act(s). Computed in {ms} ms.</source>
        <translation>Période du {first} au {last} : {n} séjour(s), {acts} acte(s). Calculé en {ms} ms.</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Médiane</translation>
    </message>
    <message>
        <source>90th percentile</source>
        <translation>90e centile</translation>
    </message>
    <message>
        <source>Stress</source>
        <translation>Tension</translation>
    </message>
    <message>
        <source>Calm</source>
        <translation>Calme</translation>
    </message>
    <message>
        <source>Nothing to export yet.</source>
        <translation>Rien à exporter pour l'instant.</translation>
    </message>
    <message>
        <source>The CSV files could not be written: {error}</source>
        <translation>Les fichiers CSV n'ont pas pu être écrits : {error}</translation>
    </message>
    <message>
        <source>{n} file(s) written in {folder}.</source>
        <translation>{n} fichier(s) écrit(s) dans {folder}.</translation>
    </message>
    <message>
        <source>Folder for the CSV files</source>
        <translation>Dossier des fichiers CSV</translation>
    </message>
    <message>
        <source>No data in this period</source>
        <translation>Aucune donnée sur cette période</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Par jour</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Mean (min)</source>
        <translation>Moyenne (min)</translation>
    </message>
    <message>
        <source>Median (min)</source>
        <translation>Médiane (min)</translation>
    </message>
    <message>
        <source>90th percentile (min)</source>
        <translation>90e centile (min)</translation>
    </message>
    <message>
        <source>Planned end exceeded</source>
        <translation>Fin prévue dépassée</translation>
    </message>
    <message>
        <source>Exceeded (%)</source>
        <translation>Dépassement (%)</translation>
    </message>
    <message>
        <source>Never finished</source>
        <translation>Jamais terminées</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>Encore ouvertes</translation>
    </message>
    <message>
        <source>No start time</source>
        <translation>Sans heure de début</translation>
    </message>
    <message>
        <source>Direct to care</source>
        <translation>Directement en soins</translation>
    </message>
    <message>
        <source>Still waiting</source>
        <translation>Encore en attente</translation>
    </message>
    <message>
        <source>Left without care</source>
        <translation>Partis sans soins</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <source>Still present</source>
        <translation>Encore présents</translation>
    </message>
    <message>
        <source>Crossed midnight</source>
        <translation>Passés minuit</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>Exits</source>
        <translation>Sorties</translation>
    </message>
    <message>
        <source>Mean peak</source>
        <translation>Pic moyen</translation>
    </message>
    <message>
        <source>Highest peak</source>
        <translation>Pic maximal</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Lun</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Mar</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mer</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Jeu</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Ven</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sam</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Dim</translation>
    </message>
    <message>
        <source>Arrivals</source>
        <translation>Arrivées</translation>
    </message>
    <message>
        <source>Stays across midnight</source>
        <translation>Séjours passant minuit</translation>
    </message>
    <message>
        <source>Acts done</source>
        <translation>Actes réalisés</translation>
    </message>
    <message>
        <source>Tasks finished</source>
        <translation>Tâches terminées</translation>
    </message>
    <message>
        <source>Tasks never finished</source>
        <translation>Tâches jamais terminées</translation>
    </message>
    <message>
        <source>Tasks still open</source>
        <translation>Tâches encore ouvertes</translation>
    </message>
    <message>
        <source>Finished tasks without a start time</source>
        <translation>Tâches terminées sans heure de début</translation>
    </message>
    <message>
        <source>Waited, then reached care</source>
        <translation>Attente puis soins</translation>
    </message>
    <message>
        <source>Stress threshold (patients)</source>
        <translation>Seuil de tension (patients)</translation>
    </message>
    <message>
        <source>Hours of stress</source>
        <translation>Heures de tension</translation>
    </message>
    <message>
        <source>Hours in the period</source>
        <translation>Heures de la période</translation>
    </message>
    <message>
        <source>Acts done per task type</source>
        <translation>Actes réalisés par type de tâche</translation>
    </message>
    <message>
        <source>Acts done per day</source>
        <translation>Actes réalisés par jour</translation>
    </message>
    <message>
        <source>Acts done per hour of day</source>
        <translation>Actes réalisés par heure de la journée</translation>
    </message>
    <message>
        <source>Task durations, real start to real end (minutes)</source>
        <translation>Durées des tâches, du début réel à la fin réelle (minutes)</translation>
    </message>
    <message>
        <source>Task durations in periods of stress and outside (minutes)</source>
        <translation>Durées des tâches en période de tension et hors tension (minutes)</translation>
    </message>
    <message>
        <source>Waiting-room time before the first care box (minutes)</source>
        <translation>Temps en salle d'attente avant le premier box de soins (minutes)</translation>
    </message>
    <message>
        <source>Waiting-room time by hour of arrival (minutes)</source>
        <translation>Temps en salle d'attente selon l'heure d'arrivée (minutes)</translation>
    </message>
    <message>
        <source>Distribution of waiting-room times</source>
        <translation>Répartition des temps d'attente</translation>
    </message>
    <message>
        <source>Length of stay, entry to exit (minutes)</source>
        <translation>Durée de séjour, de l'entrée à la sortie (minutes)</translation>
    </message>
    <message>
        <source>Arrivals per hour of day and day of week</source>
        <translation>Arrivées par heure et jour de la semaine</translation>
    </message>
    <message>
        <source>Hours of stress (patients present reached the threshold)</source>
        <translation>Heures de tension (patients présents au seuil ou au-delà)</translation>
    </message>
    <message>
        <source>Highest number of patients present, by hour of day</source>
        <translation>Nombre maximal de patients présents, par heure de la journée</translation>
    </message>
    <message>
        <source>The period is not over: figures stop at {now}.</source>
        <translation>La période n'est pas terminée : chiffres arrêtés au {now}.</translation>
    </message>
    <message>
        <source>{n} patient(s) who entered in the period are still present: counted in arrivals and presence, not in length of stay.</source>
        <translation>{n} patient(s) entré(s) pendant la période sont encore présents : comptés dans les arrivées et la présence, pas dans la durée de séjour.</translation>
    </message>
    <message>
        <source>{n} stay(s) crossed midnight: each counts on its day of arrival, and in the presence of every hour it spans.</source>
        <translation>{n} séjour(s) ont passé minuit : chacun compte pour son jour d'arrivée, et dans la présence de chaque heure couverte.</translation>
    </message>
    <message>
        <source>{n} task(s) were never finished (the stay was closed with the task open): counted apart, not in durations.</source>
        <translation>{n} tâche(s) jamais terminée(s) (séjour clos avec la tâche ouverte) : comptées à part, pas dans les durées.</translation>
    </message>
    <message>
        <source>{n} task(s) are still open on the board.</source>
        <translation>{n} tâche(s) encore ouverte(s) sur le tableau.</translation>
    </message>
    <message>
        <source>{n} finished task(s) have no start time: not in durations.</source>
        <translation>{n} tâche(s) terminée(s) sans heure de début : hors durées.</translation>
    </message>
    <message>
        <source>{n} patient(s) are still in a waiting box.</source>
        <translation>{n} patient(s) encore en salle d'attente.</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Triage level</source>
        <translation>Niveau de tri</translation>
    </message>
    <message>
        <source>Alarm acknowledged</source>
        <translation>Alarme acquittée</translation>
    </message>
    <message>
        <source>Identity to check</source>
        <translation>Identité à vérifier</translation>
    </message>
    <message>
        <source>Identity checked</source>
        <translation>Identité vérifiée</translation>
    </message>
    <message>
        <source>Value cut to fit</source>
        <translation>Valeur tronquée à la taille de sa colonne</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Déplacement</translation>
    </message>
    <message>
        <source>Task state</source>
        <translation>État de tâche</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Final exit</source>
        <translation>Sortie définitive</translation>
    </message>
    <message>
        <source>Forced exit (maximum stay)</source>
        <translation>Sortie forcée (durée maximale)</translation>
    </message>
    <message>
        <source>Automatic exit</source>
        <translation>Sortie automatique</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Task added</source>
        <translation>Tâche ajoutée</translation>
    </message>
    <message>
        <source>Task deleted</source>
        <translation>Tâche supprimée</translation>
    </message>
    <message>
        <source>Folded / unfolded</source>
        <translation>Replié / déplié</translation>
    </message>
    <message>
        <source>Name hidden / shown</source>
        <translation>Nom masqué / affiché</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Box</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Written by Synoptux 2.x: some fields were reconstructed.</source>
        <translation>Écrit par Synoptux 2.x : certains champs ont été reconstitués.</translation>
    </message>
    <message>
        <source>No event has been recorded for this stay.</source>
        <translation>Aucun événement enregistré pour ce séjour.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>History of {name}</source>
        <translation>Historique de {name}</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Search past stays</source>
        <translation>Rechercher un séjour passé</translation>
    </message>
    <message>
        <source>Name (first letters) or patient GUID</source>
        <translation>Nom (premières lettres) ou GUID du patient</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Sorti le</translation>
    </message>
    <message>
        <source>GUID</source>
        <translation>GUID</translation>
    </message>
    <message>
        <source>The database cannot be reached. Try again in a moment.</source>
        <translation>La base de données est injoignable. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Type a name or a GUID.</source>
        <translation>Tapez un nom ou un GUID.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <source>No stay found for “{text}”.</source>
        <translation>Aucun séjour trouvé pour « {text} ».</translation>
    </message>
    <message>
        <source>{n} stay(s) found. Tap one to read its history.</source>
        <translation>{n} séjour(s) trouvé(s). Touchez-en un pour lire son historique.</translation>
    </message>
    <message>
        <source>On the board</source>
        <translation>Sur le tableau</translation>
    </message>
    <message>
        <source>History of {name}: {n} event(s).</source>
        <translation>Historique de {name} : {n} événement(s).</translation>
    </message>
</context>
</TS>
