"""Reference set of a typical emergency department, and the demo patients.

Box codes A1 and S1 and task codes RX OS, BIO C, SCAN T, ECG are those of the
manual and of the sample entry files.
"""

# code, label, background, title colour, capacity, type
BOXES = [
    ("A1", "Salle d'attente", "#eef2f7", "#334155", 20, "Attente"),
    ("A2", "Attente couchés", "#eef2f7", "#334155", 6, "Attente"),
    ("DECH", "Déchocage", "#fde8e8", "#9b1c1c", 2, "Soins"),
    ("S1", "Box 1", "#f0f7ff", "#1e429f", 1, "Soins"),
    ("S2", "Box 2", "#f0f7ff", "#1e429f", 1, "Soins"),
    ("S3", "Box 3", "#f0f7ff", "#1e429f", 1, "Soins"),
    ("S4", "Box 4", "#f0f7ff", "#1e429f", 1, "Soins"),
    ("S5", "Box 5", "#f0f7ff", "#1e429f", 1, "Soins"),
    ("S6", "Box 6", "#f0f7ff", "#1e429f", 1, "Soins"),
    ("S7", "Box 7 (pédiatrie)", "#f3faf7", "#046c4e", 1, "Soins"),
    ("S8", "Box 8 (psy)", "#f3faf7", "#046c4e", 1, "Soins"),
    ("PLAT", "Plâtres / sutures", "#fdf6e3", "#8e4b10", 2, "Soins"),
    ("UHCD", "UHCD", "#f5f3ff", "#5521b5", 8, "Soins"),
    ("IMG", "Imagerie", "#fff8f1", "#b43403", 10, "Absence"),
    ("BLOC", "Bloc / avis spécialisé", "#fff8f1", "#b43403", 6, "Absence"),
    ("SORT", "Sorties", "#f3f4f6", "#111827", 200, "Sortie"),
]

# code, label, colour, ends the task
STATES = [
    ("10", "Prescrit", "#9ca3af", 0),
    ("20", "Demandé", "#3b82f6", 0),
    ("25", "Prélevé", "#06b6d4", 0),
    ("30", "En cours", "#f59e0b", 0),
    ("40", "Résultat", "#8b5cf6", 0),
    ("80", "Terminé", "#10b981", 1),
    ("90", "Annulé", "#6b7280", 1),
]

IMAGING = ("10", "20", "30", "80", "90")
BIOLOGY = ("10", "25", "40", "80", "90")
CARE = ("10", "30", "80", "90")
CONSULT = ("20", "30", "80", "90")

# code, label, colour, alarm colour, max minutes, mode, priority, comment, states
TASKS = [
    ("RX OS", "Radio osseuse", "#dbeafe", "#ef4444", 60, "B", "2", "", IMAGING),
    ("RX TH", "Radio thorax", "#dbeafe", "#ef4444", 45, "B", "2", "", IMAGING),
    ("ECHO", "Échographie", "#dbeafe", "#ef4444", 60, "M", "3", "", IMAGING),
    ("ECHO DOP", "Écho-doppler", "#dbeafe", "#ef4444", 90, "M", "3", "", IMAGING),
    ("SCAN C", "Scanner cérébral", "#c7d2fe", "#dc2626", 60, "M", "1", "", IMAGING),
    ("SCAN T", "Scanner thoraco-abdo", "#c7d2fe", "#dc2626", 90, "M", "2", "", IMAGING),
    ("IRM", "IRM", "#c7d2fe", "#dc2626", 180, "M", "3", "", IMAGING),
    ("BIO C", "Bilan complet", "#fce7f3", "#db2777", 90, "B", "2", "", BIOLOGY),
    ("BIO S", "Bilan standard", "#fce7f3", "#db2777", 60, "B", "3", "", BIOLOGY),
    ("GDS", "Gaz du sang", "#fce7f3", "#be123c", 20, "B", "1", "", BIOLOGY),
    ("HEMOC", "Hémocultures", "#fce7f3", "#db2777", 60, "M", "2", "", BIOLOGY),
    ("TROPO", "Troponine H3", "#fce7f3", "#be123c", 60, "B", "1", "Contrôle à H3", BIOLOGY),
    ("BU", "Bandelette urinaire", "#fce7f3", "#db2777", 30, "M", "4", "", CARE),
    ("GROUPE", "Groupe / RAI", "#fce7f3", "#db2777", 120, "M", "3", "", BIOLOGY),
    ("ECG", "ECG", "#fef3c7", "#d97706", 10, "B", "1", "", CARE),
    ("VVP", "Voie veineuse", "#dcfce7", "#16a34a", 15, "B", "2", "", CARE),
    ("ANTALG", "Antalgie", "#dcfce7", "#16a34a", 30, "B", "1", "Réévaluer EVA", CARE),
    ("PANS", "Pansement / suture", "#dcfce7", "#16a34a", 45, "M", "4", "", CARE),
    ("PLATRE", "Plâtre / attelle", "#dcfce7", "#16a34a", 60, "M", "4", "", CARE),
    ("AEROSOL", "Aérosol", "#dcfce7", "#16a34a", 20, "M", "3", "", CARE),
    ("SONDE", "Sondage urinaire", "#dcfce7", "#16a34a", 30, "M", "4", "", CARE),
    ("SCOPE", "Surveillance scope", "#dcfce7", "#16a34a", 240, "M", "2", "", CARE),
    ("AV CHIR", "Avis chirurgien", "#ede9fe", "#7c3aed", 120, "M", "2", "", CONSULT),
    ("AV ORTHO", "Avis orthopédiste", "#ede9fe", "#7c3aed", 120, "M", "3", "", CONSULT),
    ("AV CARDIO", "Avis cardiologue", "#ede9fe", "#7c3aed", 60, "M", "1", "", CONSULT),
    ("AV PSY", "Avis psychiatre", "#ede9fe", "#7c3aed", 180, "M", "3", "", CONSULT),
    ("AV PED", "Avis pédiatre", "#ede9fe", "#7c3aed", 60, "M", "2", "", CONSULT),
    ("HOSPI", "Recherche de lit", "#ffedd5", "#ea580c", 120, "M", "2", "", CONSULT),
    ("TRANSF", "Transfert", "#ffedd5", "#ea580c", 180, "M", "2", "", CONSULT),
    ("AMBU", "Ambulance", "#ffedd5", "#ea580c", 60, "M", "3", "", CONSULT),
    ("SORTIE", "Papiers de sortie", "#f1f5f9", "#ea580c", 30, "B", "5", "", CARE),
]

DESTINATIONS = [
    ("Domicile", "Sortie"),
    ("Hospitalisation médecine", "Sortie"),
    ("Hospitalisation chirurgie", "Sortie"),
    ("Réanimation", "Sortie"),
    ("UHCD", "Sortie"),
    ("Transfert Hôpital Nord", "Sortie"),
    ("Sortie contre avis médical", "Sortie"),
    ("Scanner", "Absence"),
    ("IRM", "Absence"),
    ("Radiologie", "Absence"),
    ("Bloc opératoire", "Absence"),
    ("Consultation spécialisée", "Absence"),
    ("Salle de coronarographie", "Absence"),
]

# code, name, colour
RESPONSIBLES = [
    ("ro", "Dr Rossi", "#2563eb"),
    ("sev", "Dr Sevin", "#059669"),
    ("lam", "Dr Lambert", "#d97706"),
    ("ben", "Dr Benali", "#7c3aed"),
    ("iao", "IAO Martin", "#db2777"),
]

# box, last name, first name, responsible, comment, minutes since entry, folded,
# tasks: (code, state, planned start offset min (from now), planned end offset, started ago min,
#         priority, comment)
DEMO_PATIENTS = [
    ("A1", "MOREAU", "Léa", "iao", "Douleur abdominale FID", 35, 0,
     [("BIO S", "10", -5, None, None, 2, ""), ("BU", "10", None, None, None, 3, "")]),
    ("A1", "D'ARTAGNAN", "Charles", "iao", "Plaie main droite, épée", 50, 0,
     [("PANS", "10", 20, None, None, 3, "Lavage + suture")]),
    ("A1", "NGUYEN", "Thi Mai", "ro", "Entorse cheville", 80, 0,
     [("RX OS", "20", -40, -10, None, 1, "Cheville F+P"), ("ANTALG", "80", None, None, 70, 1, "")]),
    ("A1", "PETIT", "Jules", "iao", "Fièvre enfant 3 ans", 15, 1,
     [("AV PED", "20", 30, None, None, 2, "")]),
    ("A1", "GARCIA", "Inès", None, "Céphalées", 5, 0, []),
    ("A2", "LEFEBVRE", "Marcel", "lam", "Chute, personne âgée", 95, 0,
     [("RX OS", "30", -60, None, 30, 2, "Bassin"), ("BIO S", "25", None, None, 40, 3, ""),
      ("ECG", "80", None, None, 85, 1, "")]),
    ("A2", "ROUSSEL", "Paulette", "lam", "Dyspnée", 60, 0,
     [("GDS", "25", None, None, 25, 1, ""), ("RX TH", "10", -15, None, None, 2, "Au lit")]),
    ("DECH", "BLANC", "Antoine", "sev", "AVP moto, polytraumatisé", 40, 0,
     [("SCAN T", "20", -10, 30, None, 1, "Body scan"), ("BIO C", "25", None, None, 35, 1, ""),
      ("GROUPE", "40", None, None, 35, 2, ""), ("AV CHIR", "20", 0, None, None, 1, "Appel bip 4521"),
      ("SCOPE", "30", None, None, 38, 2, "")]),
    ("S1", "FAURE", "Bernard", "sev", "Douleur thoracique", 70, 0,
     [("ECG", "80", None, None, 68, 1, "Sus-décalage ?"), ("TROPO", "40", None, None, 60, 1, ""),
      ("TROPO", "10", 110, None, None, 2, "H3"), ("AV CARDIO", "30", None, None, 20, 1, "")]),
    ("S2", "MERCIER", "Sophie", "sev", "Colique néphrétique", 120, 0,
     [("ANTALG", "30", None, None, 50, 1, "EVA 8"), ("ECHO", "20", -30, None, None, 2, "Reins"),
      ("BU", "80", None, None, 100, 3, "")]),
    ("S3", "DUBOIS", "Henri", "ro", "Malaise, hypoglycémie", 45, 1,
     [("BIO S", "40", None, None, 40, 2, ""), ("ECG", "80", None, None, 42, 1, "")]),
    ("S4", "LAMBERT", "Chloé", "ben", "Crise d'asthme", 30, 0,
     [("AEROSOL", "30", None, None, 25, 1, "3e aérosol"), ("GDS", "10", -5, None, None, 1, "")]),
    ("S5", "ROBIN", "Yasmine", "ben", "Grossesse ? douleurs pelviennes", 55, 0,
     [("BIO C", "25", None, None, 50, 2, "βHCG"), ("ECHO", "30", None, None, 10, 1, "Pelvienne")]),
    ("S6", "FONTAINE", "Gérard", "lam", "Rétention urinaire", 25, 0,
     [("SONDE", "10", 0, 20, None, 1, ""), ("BIO S", "10", None, None, None, 3, "")]),
    ("S7", "MARTIN", "Lucas", "ben", "Bronchiolite 8 mois", 65, 0,
     [("AEROSOL", "80", None, None, 60, 1, ""), ("AV PED", "30", None, None, 15, 1, ""),
      ("SCOPE", "30", None, None, 55, 2, "SpO2")]),
    ("S8", "CHEVALIER", "Élodie", "ro", "Anxiété aiguë", 150, 0,
     [("AV PSY", "20", -60, None, None, 2, "Psychiatre de garde prévenu")]),
    ("PLAT", "GIRARD", "Théo", "ro", "Fracture poignet", 110, 0,
     [("PLATRE", "30", None, None, 20, 2, "Manchette"), ("RX OS", "80", None, None, 90, 1, "Contrôle")]),
    ("UHCD", "BONNET", "Jeanne", "lam", "Surveillance TC, AVK", 300, 1,
     [("SCAN C", "80", None, None, 280, 1, ""), ("BIO S", "80", None, None, 290, 2, "INR"),
      ("SCAN C", "10", 180, None, None, 1, "Contrôle H6")]),
    ("UHCD", "ROUX", "André", "sev", "Pneumopathie, attente lit", 420, 1,
     [("HOSPI", "30", None, None, 150, 1, "Médecine B"), ("HEMOC", "80", None, None, 400, 2, "")]),
    ("IMG", "SILVA", "Pedro", "sev", "Trauma genou", 100, 1,
     [("IRM", "30", None, None, 25, 2, "Genou G")]),
    ("IMG", "LEROY", "Margot", "ro", "Douleur FID", 140, 1,
     [("SCAN T", "30", None, None, 100, 2, "Appendicite ?")]),
    ("BLOC", "MULLER", "Karl", "sev", "Plaie tendineuse", 200, 1,
     [("AV CHIR", "80", None, None, 150, 1, "Bloc urgent")]),
    ("SORT", "DURAND", "Paul", "ro", "Lombalgie", 400, 1,
     [("ANTALG", "80", None, None, 380, 1, ""), ("SORTIE", "80", None, None, 200, 5, "")]),
    ("SORT", "BERTRAND", "Lise", "lam", "Gastro-entérite", 330, 1,
     [("BIO S", "80", None, None, 300, 2, "")]),
    ("SORT", "MICHEL", "Jean", "ben", "Entorse genou", 260, 1,
     [("RX OS", "80", None, None, 250, 1, "")]),
]
# For SORT patients: exit destination and minutes since exit.
DEMO_EXITS = {"DURAND": ("Domicile", 120), "BERTRAND": ("Domicile", 95),
              "MICHEL": ("Transfert Hôpital Nord", 20)}
DEMO_ABSENCES = {"SILVA": "IRM", "LEROY": "Scanner", "MULLER": "Bloc opératoire"}
