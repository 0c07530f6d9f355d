#include "iphub/patents/demo_vocabulary.h"

namespace iphub::patents::demo {
namespace {

using Sv = std::string_view;

// ---------------------------------------------------------------------------
// H01M — batteries.

constexpr Sv kH01mIpc[] = {"H01M 10/0525", "H01M 10/42",   "H01M 10/44",  "H01M 10/48",
                           "H01M 10/613",  "H01M 10/0562", "H01M 4/131",  "H01M 4/525",
                           "H01M 4/583",   "H01M 4/62",    "H01M 50/204", "H01M 50/409"};
constexpr Sv kH01mCpc[] = {"Y02E 60/10"};
constexpr Term kH01mTasks[] = {
    {"锂离子电池荷电状态估计", "estimating the state of charge of a lithium-ion battery"},
    {"动力电池健康状态评估", "evaluating the state of health of a power battery"},
    {"电池包热失控预警", "giving early warning of thermal runaway in a battery pack"},
    {"电池剩余使用寿命预测", "predicting the remaining useful life of a battery"},
    {"电芯一致性检测", "detecting the consistency of battery cells"},
    {"储能电池均衡控制", "controlling the balancing of an energy storage battery"},
    {"锂电池内短路检测", "detecting an internal short circuit in a lithium battery"},
};
constexpr Term kH01mTechniques[] = {
    {"深度学习", "deep learning"},
    {"扩展卡尔曼滤波", "an extended Kalman filter"},
    {"长短期记忆网络", "a long short-term memory network"},
    {"等效电路模型", "an equivalent circuit model"},
    {"电化学阻抗谱", "electrochemical impedance spectroscopy"},
    {"迁移学习", "transfer learning"},
};
constexpr Term kH01mSignals[] = {
    {"电压数据", "voltage data"},
    {"电流数据", "current data"},
    {"温度数据", "temperature data"},
    {"内阻数据", "internal resistance data"},
};
constexpr Term kH01mDevices[] = {
    {"电池包", "battery pack"},
    {"电池模组", "battery module"},
    {"电池箱体", "battery enclosure"},
    {"电池液冷板", "liquid cooling plate for batteries"},
    {"电芯卷绕装置", "cell winding device"},
    {"极片辊压装置", "electrode sheet rolling device"},
    {"电池化成夹具", "battery formation fixture"},
};
constexpr Term kH01mParts[] = {
    {"壳体", "housing"},
    {"电芯", "battery cell"},
    {"端板", "end plate"},
    {"液冷管路", "liquid cooling pipe"},
    {"导热垫", "thermal pad"},
    {"汇流排", "busbar"},
    {"防爆阀", "explosion-proof valve"},
    {"绝缘隔板", "insulating partition"},
    {"固定支架", "fixing bracket"},
};
constexpr Term kH01mMaterials[] = {
    {"高镍三元正极材料", "high-nickel ternary cathode material"},
    {"硅碳负极材料", "silicon-carbon anode material"},
    {"硫化物固态电解质", "sulfide solid electrolyte"},
    {"复合隔膜", "composite separator"},
    {"磷酸铁锂正极材料", "lithium iron phosphate cathode material"},
    {"钠离子电池正极材料", "sodium-ion battery cathode material"},
};
constexpr Term kH01mIngredients[] = {
    {"镍钴锰前驱体", "nickel-cobalt-manganese precursor"},
    {"氢氧化锂", "lithium hydroxide"},
    {"导电炭黑", "conductive carbon black"},
    {"聚偏氟乙烯", "polyvinylidene fluoride"},
    {"纳米硅粉", "nano silicon powder"},
    {"人造石墨", "artificial graphite"},
    {"氧化铝", "aluminium oxide"},
    {"碳纳米管", "carbon nanotubes"},
};
constexpr Term kH01mEffects[] = {
    {"提高了电池的能量密度", "increases the energy density of the battery"},
    {"延长了电池的循环寿命", "extends the cycle life of the battery"},
    {"提高了估计精度", "improves estimation accuracy"},
    {"降低了热失控风险", "reduces the risk of thermal runaway"},
    {"提升了快充性能", "improves fast-charging performance"},
};
constexpr Sv kH01mIndustries[] = {"新能源科技", "电池科技", "储能技术", "锂电材料"};
constexpr Sv kH01mIndustriesEn[] = {"Battery Technologies", "Energy Storage", "Cell Systems"};
constexpr DesignProduct kH01mDesigns[] = {
    {"电池包", "battery pack", "13-02"},
    {"便携式储能电源", "portable power station", "13-02"},
    {"移动电源", "power bank", "13-02"},
};

// ---------------------------------------------------------------------------
// G06N — artificial intelligence.

constexpr Sv kG06nIpc[] = {"G06N 3/08",  "G06N 3/04", "G06N 3/045", "G06N 3/0464", "G06N 3/084",
                           "G06N 20/00", "G06N 5/04", "G06V 10/82", "G06V 20/52",  "G06F 18/214"};
constexpr Term kG06nTasks[] = {
    {"图像目标检测", "detecting objects in images"},
    {"行人重识别", "re-identifying pedestrians"},
    {"文本情感分类", "classifying the sentiment of text"},
    {"工业缺陷识别", "recognizing industrial defects"},
    {"多模态数据融合", "fusing multimodal data"},
    {"神经网络模型压缩", "compressing a neural network model"},
    {"知识图谱补全", "completing a knowledge graph"},
    {"语音情感识别", "recognizing emotion in speech"},
};
constexpr Term kG06nTechniques[] = {
    {"卷积神经网络", "a convolutional neural network"},
    {"注意力机制", "an attention mechanism"},
    {"Transformer", "a Transformer"},
    {"图神经网络", "a graph neural network"},
    {"联邦学习", "federated learning"},
    {"知识蒸馏", "knowledge distillation"},
    {"强化学习", "reinforcement learning"},
    {"对比学习", "contrastive learning"},
};
constexpr Term kG06nSignals[] = {
    {"图像数据", "image data"}, {"文本数据", "text data"},     {"标注样本", "labelled samples"},
    {"视频帧", "video frames"}, {"传感器数据", "sensor data"},
};
constexpr Term kG06nDevices[] = {
    {"智能推理加速卡", "AI inference accelerator card"},
    {"边缘计算终端", "edge computing terminal"},
    {"智能巡检机器人", "intelligent inspection robot"},
    {"视觉检测装置", "visual inspection device"},
    {"智能摄像机", "smart camera"},
};
constexpr Term kG06nParts[] = {
    {"处理器", "processor"},
    {"存储器", "memory"},
    {"图像采集模块", "image acquisition module"},
    {"散热风扇", "cooling fan"},
    {"电源模块", "power module"},
    {"通信接口", "communication interface"},
    {"主板", "mainboard"},
    {"外壳", "casing"},
};
constexpr Term kG06nEffects[] = {
    {"提高了识别准确率", "improves recognition accuracy"},
    {"降低了模型的计算量", "reduces the computational cost of the model"},
    {"减少了对标注数据的依赖", "reduces the dependence on labelled data"},
    {"提升了推理速度", "increases inference speed"},
    {"增强了模型的泛化能力", "enhances the generalization ability of the model"},
};
constexpr Sv kG06nIndustries[] = {"人工智能科技", "智能科技", "信息技术", "数据科技"};
constexpr Sv kG06nIndustriesEn[] = {"AI", "Intelligence Systems", "Machine Learning Labs"};
constexpr DesignProduct kG06nDesigns[] = {
    {"智能音箱", "smart speaker", "14-01"},
    {"服务机器人", "service robot", "15-99"},
    {"带图形用户界面的手机", "mobile phone with graphical user interface", "14-04"},
};

// ---------------------------------------------------------------------------
// G06F — data processing.

constexpr Sv kG06fIpc[] = {"G06F 16/245", "G06F 16/28", "G06F 16/35", "G06F 9/50",
                           "G06F 21/62",  "G06F 11/30", "G06F 40/30", "G06F 3/0484"};
constexpr Term kG06fTasks[] = {
    {"分布式数据库查询优化", "optimizing queries in a distributed database"},
    {"云计算资源调度", "scheduling cloud computing resources"},
    {"数据隐私保护", "protecting data privacy"},
    {"日志异常检测", "detecting anomalies in logs"},
    {"文档语义检索", "retrieving documents by semantics"},
    {"微服务故障定位", "locating faults in microservices"},
};
constexpr Term kG06fTechniques[] = {
    {"区块链", "a blockchain"},           {"强化学习", "reinforcement learning"},
    {"知识图谱", "a knowledge graph"},    {"大语言模型", "a large language model"},
    {"差分隐私", "differential privacy"}, {"容器编排", "container orchestration"},
};
constexpr Term kG06fSignals[] = {
    {"查询日志", "query logs"},
    {"运行指标", "runtime metrics"},
    {"用户请求", "user requests"},
    {"文本语料", "a text corpus"},
};
constexpr Term kG06fDevices[] = {
    {"数据存储服务器", "data storage server"},
    {"服务器机柜", "server cabinet"},
    {"硬盘托架", "hard disk tray"},
    {"数据采集网关", "data acquisition gateway"},
    {"机械键盘", "mechanical keyboard"},
};
constexpr Term kG06fParts[] = {
    {"机箱", "chassis"},
    {"导轨", "guide rail"},
    {"散热模块", "heat dissipation module"},
    {"硬盘槽位", "drive bay"},
    {"电源模块", "power module"},
    {"风扇", "fan"},
    {"面板", "panel"},
    {"锁扣", "latch"},
};
constexpr Term kG06fEffects[] = {
    {"提高了查询效率", "improves query efficiency"},
    {"提高了资源利用率", "improves resource utilization"},
    {"保护了用户隐私", "protects user privacy"},
    {"降低了运维成本", "reduces operation and maintenance costs"},
    {"缩短了响应时间", "shortens response time"},
};
constexpr Sv kG06fIndustries[] = {"软件", "信息技术", "数据服务", "云计算"};
constexpr Sv kG06fIndustriesEn[] = {"Software", "Data Systems", "Cloud Technologies"};
constexpr DesignProduct kG06fDesigns[] = {
    {"服务器", "server", "14-02"},
    {"带图形用户界面的电脑", "computer with graphical user interface", "14-02"},
    {"键盘", "keyboard", "14-02"},
};

// ---------------------------------------------------------------------------
// B64U — unmanned aerial vehicles (B64C before 2023).

constexpr Sv kB64uIpc[] = {"B64U 10/13", "B64U 10/14", "B64U 20/87", "B64U 50/19", "B64U 70/00",
                           "B64C 39/02", "B64C 27/08", "B64D 47/08", "G05D 1/10"};
constexpr Term kB64uTasks[] = {
    {"无人机航迹规划", "planning the flight path of an unmanned aerial vehicle"},
    {"无人机集群协同控制", "controlling a swarm of unmanned aerial vehicles cooperatively"},
    {"无人机自主降落", "landing an unmanned aerial vehicle autonomously"},
    {"电力线路无人机巡检", "inspecting power lines with unmanned aerial vehicles"},
    {"无人机避障", "avoiding obstacles for an unmanned aerial vehicle"},
    {"植保无人机喷洒控制", "controlling spraying by a plant protection drone"},
};
constexpr Term kB64uTechniques[] = {
    {"视觉SLAM", "visual SLAM"},
    {"改进A*算法", "an improved A* algorithm"},
    {"深度强化学习", "deep reinforcement learning"},
    {"多传感器融合", "multi-sensor fusion"},
    {"模型预测控制", "model predictive control"},
};
constexpr Term kB64uSignals[] = {
    {"位姿数据", "pose data"},
    {"点云数据", "point cloud data"},
    {"航拍图像", "aerial images"},
    {"气象数据", "weather data"},
};
constexpr Term kB64uDevices[] = {
    {"多旋翼无人机", "multi-rotor unmanned aerial vehicle"},
    {"无人机机臂折叠机构", "folding arm mechanism for a drone"},
    {"无人机起落架", "drone landing gear"},
    {"无人机自动机场", "automatic drone dock"},
    {"无人机云台", "drone gimbal"},
    {"系留无人机", "tethered drone"},
};
constexpr Term kB64uParts[] = {
    {"机身", "fuselage"},
    {"机臂", "arm"},
    {"旋翼", "rotor"},
    {"电机座", "motor mount"},
    {"云台", "gimbal"},
    {"起落架", "landing gear"},
    {"电池仓", "battery compartment"},
    {"减震球", "damping ball"},
    {"锁紧件", "locking member"},
};
constexpr Term kB64uMaterials[] = {
    {"无人机用碳纤维复合材料", "carbon fibre composite for drones"},
};
constexpr Term kB64uIngredients[] = {
    {"碳纤维", "carbon fibre"},     {"环氧树脂", "epoxy resin"},     {"固化剂", "curing agent"},
    {"增韧剂", "toughening agent"}, {"纳米二氧化硅", "nano silica"},
};
constexpr Term kB64uEffects[] = {
    {"延长了续航时间", "extends flight endurance"},
    {"提高了飞行稳定性", "improves flight stability"},
    {"降低了巡检成本", "reduces inspection costs"},
    {"提高了定位精度", "improves positioning accuracy"},
    {"便于运输和收纳", "is easy to transport and store"},
};
constexpr Sv kB64uIndustries[] = {"无人机", "航空科技", "智能装备"};
constexpr Sv kB64uIndustriesEn[] = {"Aerial Robotics", "Drone Systems", "Aviation"};
constexpr DesignProduct kB64uDesigns[] = {
    {"无人机", "unmanned aerial vehicle", "12-07"},
    {"无人机遥控器", "drone remote controller", "14-03"},
};

// ---------------------------------------------------------------------------
// A61K — medicinal preparations.

constexpr Sv kA61kIpc[] = {"A61K 9/20",  "A61K 9/48",  "A61K 9/127", "A61K 31/196", "A61K 36/48",
                           "A61K 47/10", "A61K 38/17", "A61P 35/00", "A61P 3/10",   "A61P 29/00"};
constexpr Term kA61kTasks[] = {
    {"中药提取物质量检测", "testing the quality of a traditional Chinese medicine extract"},
    {"药物溶出度测定", "determining drug dissolution"},
    {"缓释微球制备工艺优化", "optimizing the preparation of sustained-release microspheres"},
    {"抗肿瘤药物筛选", "screening antitumour drugs"},
    {"药物晶型表征", "characterizing drug crystal forms"},
};
constexpr Term kA61kTechniques[] = {
    {"高效液相色谱", "high-performance liquid chromatography"},
    {"近红外光谱", "near-infrared spectroscopy"},
    {"网络药理学", "network pharmacology"},
    {"分子对接", "molecular docking"},
    {"响应面法", "response surface methodology"},
};
constexpr Term kA61kSignals[] = {
    {"色谱数据", "chromatographic data"},
    {"光谱数据", "spectral data"},
    {"溶出曲线", "dissolution profiles"},
    {"细胞活性数据", "cell viability data"},
};
constexpr Term kA61kDevices[] = {
    {"中药提取罐", "herbal extraction tank"},
    {"片剂包衣机", "tablet coating machine"},
    {"药物雾化器", "drug nebulizer"},
    {"胶囊填充装置", "capsule filling device"},
    {"药品冷藏箱", "medicine refrigerator box"},
};
constexpr Term kA61kParts[] = {
    {"罐体", "tank body"},          {"搅拌桨", "stirring paddle"},
    {"加热夹套", "heating jacket"}, {"过滤网", "filter screen"},
    {"进料口", "feed inlet"},       {"出料阀", "discharge valve"},
    {"喷枪", "spray gun"},          {"温度传感器", "temperature sensor"},
};
constexpr Term kA61kMaterials[] = {
    {"治疗2型糖尿病的中药组合物",
     "traditional Chinese medicine composition for treating type 2 diabetes"},
    {"布洛芬缓释片", "ibuprofen sustained-release tablet"},
    {"紫杉醇脂质体", "paclitaxel liposome"},
    {"抗炎止痛凝胶", "anti-inflammatory analgesic gel"},
    {"益生菌口服液", "probiotic oral liquid"},
};
constexpr Term kA61kIngredients[] = {
    {"黄芪", "astragalus root"},
    {"丹参", "salvia root"},
    {"葛根", "pueraria root"},
    {"甘草", "liquorice root"},
    {"羟丙甲纤维素", "hydroxypropyl methylcellulose"},
    {"微晶纤维素", "microcrystalline cellulose"},
    {"大豆磷脂", "soybean lecithin"},
    {"胆固醇", "cholesterol"},
};
constexpr Term kA61kEffects[] = {
    {"提高了药物的生物利用度", "improves the bioavailability of the drug"},
    {"降低了毒副作用", "reduces toxic side effects"},
    {"质量稳定可控", "has stable and controllable quality"},
    {"延长了药物释放时间", "prolongs drug release"},
    {"疗效显著", "has a marked therapeutic effect"},
};
constexpr Sv kA61kIndustries[] = {"生物医药", "制药", "医药科技", "生物科技"};
constexpr Sv kA61kIndustriesEn[] = {"Therapeutics", "Pharmaceuticals", "Biosciences"};
constexpr DesignProduct kA61kDesigns[] = {
    {"药瓶", "medicine bottle", "09-01"},
    {"药盒", "medicine box", "09-03"},
    {"雾化器", "nebulizer", "24-02"},
};

// ---------------------------------------------------------------------------
// C08L — polymer compositions.

constexpr Sv kC08lIpc[] = {"C08L 23/12", "C08L 23/06", "C08L 67/02", "C08L 69/00", "C08L 77/02",
                           "C08K 3/04",  "C08K 5/521", "C08K 7/14",  "C08J 5/18"};
constexpr Term kC08lTasks[] = {
    {"改性塑料配方优化", "optimizing the formulation of modified plastics"},
    {"聚合物熔体流动速率检测", "measuring the melt flow rate of a polymer"},
    {"再生塑料分选", "sorting recycled plastics"},
    {"注塑工艺参数控制", "controlling injection moulding parameters"},
};
constexpr Term kC08lTechniques[] = {
    {"机器学习", "machine learning"},
    {"近红外光谱", "near-infrared spectroscopy"},
    {"反应挤出", "reactive extrusion"},
    {"分子动力学模拟", "molecular dynamics simulation"},
};
constexpr Term kC08lSignals[] = {
    {"配方数据", "formulation data"},
    {"流变数据", "rheological data"},
    {"光谱数据", "spectral data"},
    {"工艺参数", "process parameters"},
};
constexpr Term kC08lDevices[] = {
    {"双螺杆挤出机", "twin-screw extruder"}, {"造粒装置", "pelletizing device"},
    {"薄膜吹塑装置", "film blowing device"}, {"塑料干燥机", "plastic dryer"},
    {"注塑模具", "injection mould"},
};
constexpr Term kC08lParts[] = {
    {"料筒", "barrel"},        {"螺杆", "screw"},
    {"机头", "die head"},      {"冷却水槽", "cooling water tank"},
    {"切粒机", "pelletizer"},  {"加热圈", "heating ring"},
    {"喂料斗", "feed hopper"}, {"牵引辊", "traction roller"},
};
constexpr Term kC08lMaterials[] = {
    {"阻燃聚丙烯复合材料", "flame-retardant polypropylene composite"},
    {"玻纤增强尼龙材料", "glass-fibre-reinforced nylon material"},
    {"可降解聚乳酸薄膜", "degradable polylactic acid film"},
    {"高韧性聚碳酸酯合金", "high-toughness polycarbonate alloy"},
    {"导热聚苯硫醚复合材料", "thermally conductive polyphenylene sulfide composite"},
};
constexpr Term kC08lIngredients[] = {
    {"聚丙烯", "polypropylene"},
    {"尼龙6", "nylon 6"},
    {"玻璃纤维", "glass fibre"},
    {"聚乳酸", "polylactic acid"},
    {"相容剂", "compatibilizer"},
    {"抗氧剂", "antioxidant"},
    {"磷系阻燃剂", "phosphorus flame retardant"},
    {"增韧剂", "toughening agent"},
    {"氮化硼", "boron nitride"},
};
constexpr Term kC08lEffects[] = {
    {"提高了材料的力学性能", "improves the mechanical properties of the material"},
    {"阻燃性能达到UL94 V-0级", "achieves a UL94 V-0 flame-retardant rating"},
    {"可完全生物降解", "is fully biodegradable"},
    {"降低了生产成本", "reduces production costs"},
    {"提高了导热系数", "increases thermal conductivity"},
};
constexpr Sv kC08lIndustries[] = {"新材料", "高分子材料", "塑胶科技", "化工"};
constexpr Sv kC08lIndustriesEn[] = {"Polymers", "Advanced Materials", "Plastics"};
constexpr DesignProduct kC08lDesigns[] = {
    {"包装瓶", "packaging bottle", "09-01"},
    {"塑料收纳箱", "plastic storage box", "09-03"},
};

// ---------------------------------------------------------------------------
// F24S / H02S — solar energy.

constexpr Sv kF24sIpc[] = {"F24S 10/70", "F24S 20/40", "F24S 30/425", "F24S 40/20", "F24S 60/30",
                           "H02S 20/32", "H02S 40/10", "H02S 40/42",  "H02S 50/10"};
constexpr Sv kF24sCpc[] = {"Y02E 10/40", "Y02E 10/50"};
constexpr Term kF24sTasks[] = {
    {"光伏组件故障诊断", "diagnosing faults in photovoltaic modules"},
    {"光伏发电功率预测", "forecasting photovoltaic power output"},
    {"光伏阵列最大功率点跟踪", "tracking the maximum power point of a photovoltaic array"},
    {"光伏板积灰检测", "detecting dust on solar panels"},
    {"太阳能集热系统温度控制", "controlling the temperature of a solar heat collection system"},
};
constexpr Term kF24sTechniques[] = {
    {"红外热成像", "infrared thermography"},
    {"粒子群优化", "particle swarm optimization"},
    {"长短期记忆网络", "a long short-term memory network"},
    {"数字孪生", "a digital twin"},
    {"电致发光成像", "electroluminescence imaging"},
};
constexpr Term kF24sSignals[] = {
    {"辐照度数据", "irradiance data"},
    {"组件温度", "module temperatures"},
    {"输出功率", "output power"},
    {"红外图像", "infrared images"},
};
constexpr Term kF24sDevices[] = {
    {"光伏支架", "photovoltaic mounting bracket"},
    {"光伏板清洁机器人", "solar panel cleaning robot"},
    {"平单轴跟踪支架", "horizontal single-axis tracker"},
    {"太阳能集热器", "solar heat collector"},
    {"光伏接线盒", "photovoltaic junction box"},
};
constexpr Term kF24sParts[] = {
    {"立柱", "column"},
    {"横梁", "crossbeam"},
    {"檩条", "purlin"},
    {"压块", "clamp"},
    {"回转驱动", "slewing drive"},
    {"清扫刷", "cleaning brush"},
    {"集热管", "heat collecting tube"},
    {"保温层", "insulation layer"},
};
constexpr Term kF24sMaterials[] = {
    {"光伏背板", "photovoltaic backsheet"},
    {"光伏组件封装胶膜", "photovoltaic module encapsulation film"},
    {"选择性吸收涂层", "selective absorption coating"},
};
constexpr Term kF24sIngredients[] = {
    {"乙烯-醋酸乙烯共聚物", "ethylene-vinyl acetate copolymer"},
    {"聚烯烃弹性体", "polyolefin elastomer"},
    {"交联剂", "crosslinking agent"},
    {"硅烷偶联剂", "silane coupling agent"},
    {"紫外吸收剂", "ultraviolet absorber"},
    {"二氧化钛", "titanium dioxide"},
};
constexpr Term kF24sEffects[] = {
    {"提高了发电效率", "improves power generation efficiency"},
    {"降低了运维成本", "reduces operation and maintenance costs"},
    {"提高了抗风能力", "improves wind resistance"},
    {"提高了集热效率", "improves heat collection efficiency"},
    {"延长了组件寿命", "extends module life"},
};
constexpr Sv kF24sIndustries[] = {"光伏科技", "新能源", "太阳能科技", "能源科技"};
constexpr Sv kF24sIndustriesEn[] = {"Solar", "Photovoltaics", "Renewables"};
constexpr DesignProduct kF24sDesigns[] = {
    {"光伏组件", "photovoltaic module", "13-99"},
    {"太阳能路灯", "solar street lamp", "26-03"},
};

// ---------------------------------------------------------------------------
// H04W — wireless communication networks.

constexpr Sv kH04wIpc[] = {"H04W 72/04", "H04W 72/0446", "H04W 24/02", "H04W 36/00", "H04W 52/02",
                           "H04W 4/70",  "H04W 74/08",   "H04L 5/00",  "H04B 7/06"};
constexpr Term kH04wTasks[] = {
    {"无线资源分配", "allocating wireless resources"},
    {"小区切换", "performing a cell handover"},
    {"终端节能", "saving power at a terminal"},
    {"随机接入", "performing random access"},
    {"波束管理", "managing beams"},
    {"物联网设备组网", "networking Internet of Things devices"},
};
constexpr Term kH04wTechniques[] = {
    {"深度强化学习", "deep reinforcement learning"},
    {"网络切片", "network slicing"},
    {"边缘计算", "edge computing"},
    {"智能反射面", "a reconfigurable intelligent surface"},
    {"非正交多址接入", "non-orthogonal multiple access"},
};
constexpr Term kH04wSignals[] = {
    {"信道状态信息", "channel state information"},
    {"参考信号接收功率", "reference signal received power"},
    {"业务流量数据", "traffic data"},
    {"配置信息", "configuration information"},
};
constexpr Term kH04wDevices[] = {
    {"5G小基站", "5G small cell"},
    {"天线振子", "antenna element"},
    {"物联网通信模组", "IoT communication module"},
    {"室分天线", "indoor distribution antenna"},
    {"无线路由器", "wireless router"},
};
constexpr Term kH04wParts[] = {
    {"天线罩", "radome"},
    {"馈电网络", "feed network"},
    {"射频模块", "radio frequency module"},
    {"基带芯片", "baseband chip"},
    {"屏蔽罩", "shielding cover"},
    {"散热片", "heat sink"},
    {"反射板", "reflector"},
    {"安装抱杆", "mounting pole"},
};
constexpr Term kH04wEffects[] = {
    {"提高了频谱效率", "improves spectral efficiency"},
    {"降低了传输时延", "reduces transmission delay"},
    {"降低了终端功耗", "reduces terminal power consumption"},
    {"提高了切换成功率", "improves the handover success rate"},
    {"扩大了覆盖范围", "extends coverage"},
};
constexpr Sv kH04wIndustries[] = {"通信技术", "通讯科技", "信息技术", "物联网科技"};
constexpr Sv kH04wIndustriesEn[] = {"Wireless", "Networks", "Communications"};
constexpr DesignProduct kH04wDesigns[] = {
    {"无线路由器", "wireless router", "14-03"},
    {"基站天线", "base station antenna", "14-03"},
    {"智能手机", "smartphone", "14-03"},
};

// ---------------------------------------------------------------------------
// B60L — electric vehicles and charging.

constexpr Sv kB60lIpc[] = {"B60L 53/16", "B60L 53/30", "B60L 53/80", "B60L 58/12",
                           "B60L 58/26", "B60L 50/64", "B60L 15/20", "H02J 7/00"};
constexpr Sv kB60lCpc[] = {"Y02T 10/70", "Y02T 90/12"};
constexpr Term kB60lTasks[] = {
    {"电动汽车有序充电调度", "scheduling the orderly charging of electric vehicles"},
    {"电动汽车能量管理", "managing the energy of an electric vehicle"},
    {"充电桩故障诊断", "diagnosing faults in charging piles"},
    {"换电站电池调度", "dispatching batteries at a battery swapping station"},
    {"电动汽车续航里程预测", "predicting the driving range of an electric vehicle"},
};
constexpr Term kB60lTechniques[] = {
    {"模型预测控制", "model predictive control"}, {"遗传算法", "a genetic algorithm"},
    {"车联网", "the Internet of Vehicles"},       {"深度学习", "deep learning"},
    {"动态规划", "dynamic programming"},
};
constexpr Term kB60lSignals[] = {
    {"充电功率", "charging power"},
    {"车辆行驶数据", "vehicle driving data"},
    {"电池荷电状态", "battery state of charge"},
    {"电网负荷", "grid load"},
};
constexpr Term kB60lDevices[] = {
    {"充电桩", "charging pile"},
    {"充电枪", "charging gun"},
    {"换电站", "battery swapping station"},
    {"车载充电机", "on-board charger"},
    {"充电连接器", "charging connector"},
};
constexpr Term kB60lParts[] = {
    {"枪头", "gun head"},
    {"端子", "terminal"},
    {"线缆", "cable"},
    {"锁止机构", "locking mechanism"},
    {"散热器", "radiator"},
    {"控制板", "control board"},
    {"防护盖", "protective cover"},
    {"手柄", "handle"},
};
constexpr Term kB60lEffects[] = {
    {"降低了电网峰谷差", "reduces the peak-valley difference of the grid"},
    {"提高了充电安全性", "improves charging safety"},
    {"延长了续航里程", "extends the driving range"},
    {"缩短了换电时间", "shortens battery swapping time"},
    {"降低了用户充电成本", "reduces users' charging costs"},
};
constexpr Sv kB60lIndustries[] = {"新能源汽车", "汽车科技", "充电科技", "电动科技"};
constexpr Sv kB60lIndustriesEn[] = {"Mobility", "EV Systems", "Motors"};
constexpr DesignProduct kB60lDesigns[] = {
    {"充电桩", "charging pile", "13-03"},
    {"电动汽车", "electric car", "12-08"},
    {"充电枪", "charging gun", "13-03"},
};

// ---------------------------------------------------------------------------
// G01N — measuring and analysing materials.

constexpr Sv kG01nIpc[] = {"G01N 21/01", "G01N 21/88", "G01N 30/02", "G01N 33/18",
                           "G01N 33/24", "G01N 27/26", "G01N 1/28",  "G01N 3/08"};
constexpr Term kG01nTasks[] = {
    {"水体重金属检测", "detecting heavy metals in water"},
    {"土壤养分快速检测", "testing soil nutrients rapidly"},
    {"材料表面缺陷检测", "detecting surface defects of materials"},
    {"农药残留检测", "detecting pesticide residues"},
    {"混凝土抗压强度测试", "testing the compressive strength of concrete"},
};
constexpr Term kG01nTechniques[] = {
    {"表面增强拉曼光谱", "surface-enhanced Raman spectroscopy"},
    {"电化学传感器", "an electrochemical sensor"},
    {"机器视觉", "machine vision"},
    {"荧光探针", "a fluorescent probe"},
    {"高光谱成像", "hyperspectral imaging"},
};
constexpr Term kG01nSignals[] = {
    {"光谱信号", "spectral signals"},
    {"电流响应", "current responses"},
    {"图像数据", "image data"},
    {"样品浓度", "sample concentrations"},
};
constexpr Term kG01nDevices[] = {
    {"水质采样器", "water sampler"},
    {"土壤检测仪", "soil tester"},
    {"荧光检测装置", "fluorescence detection device"},
    {"万能试验机夹具", "universal testing machine fixture"},
    {"样品前处理装置", "sample pretreatment device"},
};
constexpr Term kG01nParts[] = {
    {"样品池", "sample cell"},       {"光源", "light source"},
    {"检测探头", "detection probe"}, {"进样管", "sampling tube"},
    {"蠕动泵", "peristaltic pump"},  {"夹持块", "clamping block"},
    {"显示屏", "display screen"},    {"底座", "base"},
};
constexpr Term kG01nMaterials[] = {
    {"检测重金属的荧光探针", "fluorescent probe for detecting heavy metals"},
    {"电化学传感电极材料", "electrode material for electrochemical sensing"},
};
constexpr Term kG01nIngredients[] = {
    {"碳量子点", "carbon quantum dots"},  {"金纳米颗粒", "gold nanoparticles"},
    {"氧化石墨烯", "graphene oxide"},     {"壳聚糖", "chitosan"},
    {"磷酸盐缓冲液", "phosphate buffer"},
};
constexpr Term kG01nEffects[] = {
    {"提高了检测灵敏度", "improves detection sensitivity"},
    {"缩短了检测时间", "shortens detection time"},
    {"检测限低", "has a low detection limit"},
    {"操作简便", "is simple to operate"},
    {"提高了检测精度", "improves detection accuracy"},
};
constexpr Sv kG01nIndustries[] = {"检测技术", "仪器科技", "分析仪器", "环境检测"};
constexpr Sv kG01nIndustriesEn[] = {"Instruments", "Analytics", "Sensing"};
constexpr DesignProduct kG01nDesigns[] = {
    {"检测仪", "testing instrument", "10-04"},
    {"水质检测仪", "water quality analyser", "10-04"},
};

// ---------------------------------------------------------------------------
// A01B — agricultural machinery.

constexpr Sv kA01bIpc[] = {"A01B 49/06", "A01B 33/02", "A01B 79/00", "A01B 63/00",
                           "A01C 7/20",  "A01C 23/04", "A01D 34/00", "A01G 25/02"};
constexpr Term kA01bTasks[] = {
    {"农机自动导航", "navigating agricultural machinery automatically"},
    {"精准变量施肥控制", "controlling precision variable-rate fertilization"},
    {"播种质量监测", "monitoring sowing quality"},
    {"农田土壤墒情监测", "monitoring soil moisture in farmland"},
    {"智能灌溉决策", "making irrigation decisions"},
};
constexpr Term kA01bTechniques[] = {
    {"北斗卫星导航", "BeiDou satellite navigation"},
    {"物联网", "the Internet of Things"},
    {"机器视觉", "machine vision"},
    {"模糊PID控制", "fuzzy PID control"},
    {"遥感影像", "remote sensing imagery"},
};
constexpr Term kA01bSignals[] = {
    {"位置信息", "position information"},
    {"土壤含水率", "soil moisture content"},
    {"作物长势图像", "crop growth images"},
    {"排种信号", "seed metering signals"},
};
constexpr Term kA01bDevices[] = {
    {"旋耕机", "rotary tiller"},
    {"深松整地联合作业机", "combined subsoiling and land preparation machine"},
    {"精量播种机", "precision seeder"},
    {"水肥一体化灌溉装置", "integrated water and fertilizer irrigation device"},
    {"秸秆还田机", "straw returning machine"},
};
constexpr Term kA01bParts[] = {
    {"机架", "frame"},        {"旋耕刀", "rotary blade"},  {"深松铲", "subsoiling shovel"},
    {"排种器", "seed meter"}, {"开沟器", "furrow opener"}, {"镇压辊", "press roller"},
    {"变速箱", "gearbox"},    {"悬挂架", "hitch frame"},
};
constexpr Term kA01bEffects[] = {
    {"提高了作业效率", "improves operating efficiency"},
    {"提高了播种均匀性", "improves sowing uniformity"},
    {"节约了水肥资源", "saves water and fertilizer"},
    {"降低了劳动强度", "reduces labour intensity"},
    {"提高了耕作质量", "improves tillage quality"},
};
constexpr Sv kA01bIndustries[] = {"农业机械", "农业科技", "农机装备", "智慧农业"};
constexpr Sv kA01bIndustriesEn[] = {"Agritech", "Farm Equipment", "Agricultural Machinery"};
constexpr DesignProduct kA01bDesigns[] = {
    {"拖拉机", "tractor", "12-09"},
    {"播种机", "seeder", "15-03"},
};

// ---------------------------------------------------------------------------
// C02F — water and wastewater treatment.

constexpr Sv kC02fIpc[] = {"C02F 9/00", "C02F 1/44", "C02F 1/52", "C02F 1/72",
                           "C02F 1/28", "C02F 3/12", "C02F 3/30", "C02F 11/12"};
constexpr Term kC02fTasks[] = {
    {"高盐废水零排放处理", "treating high-salinity wastewater with zero discharge"},
    {"污水处理厂曝气控制", "controlling aeration in a wastewater treatment plant"},
    {"农村生活污水处理", "treating rural domestic sewage"},
    {"污泥深度脱水", "dewatering sludge deeply"},
    {"工业废水难降解有机物去除", "removing refractory organics from industrial wastewater"},
};
constexpr Term kC02fTechniques[] = {
    {"臭氧催化氧化", "catalytic ozonation"},
    {"膜生物反应器", "a membrane bioreactor"},
    {"厌氧氨氧化", "anaerobic ammonium oxidation"},
    {"电化学氧化", "electrochemical oxidation"},
    {"神经网络", "a neural network"},
};
constexpr Term kC02fSignals[] = {
    {"进水水质数据", "influent quality data"},
    {"溶解氧浓度", "dissolved oxygen concentrations"},
    {"化学需氧量", "chemical oxygen demand"},
    {"污泥浓度", "sludge concentrations"},
};
constexpr Term kC02fDevices[] = {
    {"一体化污水处理设备", "integrated sewage treatment equipment"},
    {"污泥脱水机", "sludge dewatering machine"},
    {"曝气器", "aerator"},
    {"加药装置", "dosing device"},
    {"反渗透净水装置", "reverse osmosis water purification device"},
};
constexpr Term kC02fParts[] = {
    {"调节池", "regulating tank"}, {"沉淀池", "sedimentation tank"}, {"曝气管", "aeration pipe"},
    {"填料", "packing"},           {"膜组件", "membrane module"},    {"刮泥机", "sludge scraper"},
    {"加药泵", "dosing pump"},     {"液位计", "level gauge"},
};
constexpr Term kC02fMaterials[] = {
    {"复合絮凝剂", "composite flocculant"},
    {"除磷吸附剂", "phosphorus-removal adsorbent"},
    {"臭氧氧化催化剂", "ozonation catalyst"},
};
constexpr Term kC02fIngredients[] = {
    {"聚合氯化铝", "polyaluminium chloride"},
    {"聚丙烯酰胺", "polyacrylamide"},
    {"活性炭", "activated carbon"},
    {"硫酸亚铁", "ferrous sulfate"},
    {"沸石", "zeolite"},
    {"氧化锰", "manganese oxide"},
    {"膨润土", "bentonite"},
};
constexpr Term kC02fEffects[] = {
    {"提高了污染物去除率", "improves the removal rate of pollutants"},
    {"降低了处理能耗", "reduces treatment energy consumption"},
    {"出水水质稳定达标", "keeps effluent quality stably within standards"},
    {"减少了污泥产量", "reduces sludge output"},
    {"占地面积小", "occupies a small area"},
};
constexpr Sv kC02fIndustries[] = {"环保科技", "环境工程", "水务", "水处理技术"};
constexpr Sv kC02fIndustriesEn[] = {"Water Solutions", "Environmental", "Clean Water"};
constexpr DesignProduct kC02fDesigns[] = {
    {"净水器", "water purifier", "23-01"},
    {"一体化污水处理设备", "integrated sewage treatment equipment", "23-99"},
};

// ---------------------------------------------------------------------------
// E04B — building construction.

constexpr Sv kE04bIpc[] = {"E04B 1/18", "E04B 1/24", "E04B 1/41",  "E04B 1/76", "E04B 1/98",
                           "E04B 2/00", "E04B 5/02", "E04G 21/14", "E04F 13/08"};
constexpr Term kE04bTasks[] = {
    {"装配式建筑构件吊装定位", "positioning prefabricated building components during hoisting"},
    {"建筑结构健康监测", "monitoring the structural health of buildings"},
    {"高层建筑施工进度管理", "managing the construction progress of high-rise buildings"},
    {"混凝土裂缝识别", "identifying cracks in concrete"},
    {"建筑能耗优化", "optimizing building energy consumption"},
};
constexpr Term kE04bTechniques[] = {
    {"建筑信息模型", "building information modelling"},
    {"三维激光扫描", "three-dimensional laser scanning"},
    {"深度学习", "deep learning"},
    {"光纤光栅传感", "fibre Bragg grating sensing"},
    {"数字孪生", "a digital twin"},
};
constexpr Term kE04bSignals[] = {
    {"应变数据", "strain data"},
    {"点云数据", "point cloud data"},
    {"施工图像", "construction images"},
    {"能耗数据", "energy consumption data"},
};
constexpr Term kE04bDevices[] = {
    {"装配式墙板", "prefabricated wall panel"},
    {"钢结构梁柱节点", "steel beam-column joint"},
    {"叠合楼板", "composite floor slab"},
    {"保温装饰一体板", "integrated insulation and decoration panel"},
    {"隔震支座", "seismic isolation bearing"},
};
constexpr Term kE04bParts[] = {
    {"预埋件", "embedded part"},        {"连接板", "connecting plate"},
    {"高强螺栓", "high-strength bolt"}, {"钢筋笼", "reinforcement cage"},
    {"保温层", "insulation layer"},     {"龙骨", "keel"},
    {"角码", "angle bracket"},          {"橡胶垫", "rubber pad"},
};
constexpr Term kE04bMaterials[] = {
    {"轻质高强混凝土", "lightweight high-strength concrete"},
    {"建筑保温砂浆", "building thermal insulation mortar"},
    {"再生骨料混凝土", "recycled aggregate concrete"},
};
constexpr Term kE04bIngredients[] = {
    {"硅酸盐水泥", "Portland cement"},   {"粉煤灰", "fly ash"},
    {"矿渣粉", "slag powder"},           {"陶粒", "ceramsite"},
    {"减水剂", "water reducer"},         {"聚丙烯纤维", "polypropylene fibre"},
    {"玻化微珠", "glazed hollow beads"}, {"再生骨料", "recycled aggregate"},
};
constexpr Term kE04bEffects[] = {
    {"提高了施工效率", "improves construction efficiency"},
    {"提高了结构的抗震性能", "improves the seismic performance of the structure"},
    {"降低了建筑能耗", "reduces building energy consumption"},
    {"安装方便", "is easy to install"},
    {"节约了材料", "saves material"},
};
constexpr Sv kE04bIndustries[] = {"建筑科技", "建设工程", "建材", "装配式建筑"};
constexpr Sv kE04bIndustriesEn[] = {"Building Systems", "Construction", "Structures"};
constexpr DesignProduct kE04bDesigns[] = {
    {"建筑用墙板", "wall panel for buildings", "25-01"},
    {"装配式建筑构件", "prefabricated building element", "25-02"},
};

// ---------------------------------------------------------------------------
// H02J — power grids and energy storage.

constexpr Sv kH02jIpc[] = {"H02J 3/38", "H02J 3/32",  "H02J 3/00", "H02J 7/00",
                           "H02J 7/35", "H02J 13/00", "H02J 3/46"};
constexpr Term kH02jTasks[] = {
    {"微电网能量调度", "dispatching energy in a microgrid"},
    {"配电网故障定位", "locating faults in a distribution network"},
    {"新能源电站功率预测", "forecasting the power of a renewable energy station"},
    {"储能系统充放电控制", "controlling the charging and discharging of an energy storage system"},
    {"电力负荷预测", "forecasting electric load"},
};
constexpr Term kH02jTechniques[] = {
    {"模型预测控制", "model predictive control"},
    {"深度学习", "deep learning"},
    {"多目标粒子群算法", "a multi-objective particle swarm algorithm"},
    {"虚拟同步机", "a virtual synchronous generator"},
    {"数字孪生", "a digital twin"},
};
constexpr Term kH02jSignals[] = {
    {"负荷数据", "load data"},
    {"电压电流数据", "voltage and current data"},
    {"气象数据", "weather data"},
    {"电价信息", "electricity price information"},
};
constexpr Term kH02jDevices[] = {
    {"储能变流器", "energy storage converter"},
    {"配电柜", "power distribution cabinet"},
    {"智能电表箱", "smart meter box"},
    {"光储充一体化装置", "integrated photovoltaic, storage and charging device"},
    {"环网柜", "ring main unit"},
};
constexpr Term kH02jParts[] = {
    {"柜体", "cabinet body"}, {"断路器", "circuit breaker"},
    {"母线", "bus bar"},      {"互感器", "instrument transformer"},
    {"控制器", "controller"}, {"散热风道", "cooling air duct"},
    {"门板", "door panel"},   {"接地排", "grounding bar"},
};
constexpr Term kH02jEffects[] = {
    {"提高了新能源消纳能力", "improves the accommodation of renewable energy"},
    {"降低了运行成本", "reduces operating costs"},
    {"提高了供电可靠性", "improves power supply reliability"},
    {"缩短了故障定位时间", "shortens fault location time"},
    {"提高了预测精度", "improves forecasting accuracy"},
};
constexpr Sv kH02jIndustries[] = {"电力科技", "电气", "能源技术", "智能电网"};
constexpr Sv kH02jIndustriesEn[] = {"Power", "Grid Technologies", "Electric"};
constexpr DesignProduct kH02jDesigns[] = {
    {"配电柜", "power distribution cabinet", "13-03"},
    {"储能柜", "energy storage cabinet", "13-02"},
};

constexpr FieldVocabulary kFields[] = {
    {.key = "H01M",
     .name = {"电池", "batteries"},
     .weight = 10,
     .ipc = kH01mIpc,
     .cpc_tags = kH01mCpc,
     .tasks = kH01mTasks,
     .techniques = kH01mTechniques,
     .signals = kH01mSignals,
     .devices = kH01mDevices,
     .parts = kH01mParts,
     .materials = kH01mMaterials,
     .ingredients = kH01mIngredients,
     .effects = kH01mEffects,
     .industries = kH01mIndustries,
     .industries_en = kH01mIndustriesEn,
     .designs = kH01mDesigns},
    {.key = "G06N",
     .name = {"人工智能", "artificial intelligence"},
     .weight = 10,
     .ipc = kG06nIpc,
     .cpc_tags = {},
     .tasks = kG06nTasks,
     .techniques = kG06nTechniques,
     .signals = kG06nSignals,
     .devices = kG06nDevices,
     .parts = kG06nParts,
     .materials = {},
     .ingredients = {},
     .effects = kG06nEffects,
     .industries = kG06nIndustries,
     .industries_en = kG06nIndustriesEn,
     .designs = kG06nDesigns},
    {.key = "G06F",
     .name = {"数据处理", "data processing"},
     .weight = 8,
     .ipc = kG06fIpc,
     .cpc_tags = {},
     .tasks = kG06fTasks,
     .techniques = kG06fTechniques,
     .signals = kG06fSignals,
     .devices = kG06fDevices,
     .parts = kG06fParts,
     .materials = {},
     .ingredients = {},
     .effects = kG06fEffects,
     .industries = kG06fIndustries,
     .industries_en = kG06fIndustriesEn,
     .designs = kG06fDesigns},
    {.key = "B64U",
     .name = {"无人机", "unmanned aerial vehicles"},
     .weight = 5,
     .ipc = kB64uIpc,
     .cpc_tags = {},
     .tasks = kB64uTasks,
     .techniques = kB64uTechniques,
     .signals = kB64uSignals,
     .devices = kB64uDevices,
     .parts = kB64uParts,
     .materials = kB64uMaterials,
     .ingredients = kB64uIngredients,
     .effects = kB64uEffects,
     .industries = kB64uIndustries,
     .industries_en = kB64uIndustriesEn,
     .designs = kB64uDesigns},
    {.key = "A61K",
     .name = {"医药", "medicinal preparations"},
     .weight = 8,
     .ipc = kA61kIpc,
     .cpc_tags = {},
     .tasks = kA61kTasks,
     .techniques = kA61kTechniques,
     .signals = kA61kSignals,
     .devices = kA61kDevices,
     .parts = kA61kParts,
     .materials = kA61kMaterials,
     .ingredients = kA61kIngredients,
     .effects = kA61kEffects,
     .industries = kA61kIndustries,
     .industries_en = kA61kIndustriesEn,
     .designs = kA61kDesigns},
    {.key = "C08L",
     .name = {"高分子材料", "polymer compositions"},
     .weight = 6,
     .ipc = kC08lIpc,
     .cpc_tags = {},
     .tasks = kC08lTasks,
     .techniques = kC08lTechniques,
     .signals = kC08lSignals,
     .devices = kC08lDevices,
     .parts = kC08lParts,
     .materials = kC08lMaterials,
     .ingredients = kC08lIngredients,
     .effects = kC08lEffects,
     .industries = kC08lIndustries,
     .industries_en = kC08lIndustriesEn,
     .designs = kC08lDesigns},
    {.key = "F24S",
     .name = {"太阳能利用", "solar energy"},
     .weight = 5,
     .ipc = kF24sIpc,
     .cpc_tags = kF24sCpc,
     .tasks = kF24sTasks,
     .techniques = kF24sTechniques,
     .signals = kF24sSignals,
     .devices = kF24sDevices,
     .parts = kF24sParts,
     .materials = kF24sMaterials,
     .ingredients = kF24sIngredients,
     .effects = kF24sEffects,
     .industries = kF24sIndustries,
     .industries_en = kF24sIndustriesEn,
     .designs = kF24sDesigns},
    {.key = "H04W",
     .name = {"无线通信", "wireless communication"},
     .weight = 7,
     .ipc = kH04wIpc,
     .cpc_tags = {},
     .tasks = kH04wTasks,
     .techniques = kH04wTechniques,
     .signals = kH04wSignals,
     .devices = kH04wDevices,
     .parts = kH04wParts,
     .materials = {},
     .ingredients = {},
     .effects = kH04wEffects,
     .industries = kH04wIndustries,
     .industries_en = kH04wIndustriesEn,
     .designs = kH04wDesigns},
    {.key = "B60L",
     .name = {"电动汽车", "electric vehicles"},
     .weight = 6,
     .ipc = kB60lIpc,
     .cpc_tags = kB60lCpc,
     .tasks = kB60lTasks,
     .techniques = kB60lTechniques,
     .signals = kB60lSignals,
     .devices = kB60lDevices,
     .parts = kB60lParts,
     .materials = {},
     .ingredients = {},
     .effects = kB60lEffects,
     .industries = kB60lIndustries,
     .industries_en = kB60lIndustriesEn,
     .designs = kB60lDesigns},
    {.key = "G01N",
     .name = {"检测分析", "measurement and analysis"},
     .weight = 6,
     .ipc = kG01nIpc,
     .cpc_tags = {},
     .tasks = kG01nTasks,
     .techniques = kG01nTechniques,
     .signals = kG01nSignals,
     .devices = kG01nDevices,
     .parts = kG01nParts,
     .materials = kG01nMaterials,
     .ingredients = kG01nIngredients,
     .effects = kG01nEffects,
     .industries = kG01nIndustries,
     .industries_en = kG01nIndustriesEn,
     .designs = kG01nDesigns},
    {.key = "A01B",
     .name = {"农业机械", "agricultural machinery"},
     .weight = 5,
     .ipc = kA01bIpc,
     .cpc_tags = {},
     .tasks = kA01bTasks,
     .techniques = kA01bTechniques,
     .signals = kA01bSignals,
     .devices = kA01bDevices,
     .parts = kA01bParts,
     .materials = {},
     .ingredients = {},
     .effects = kA01bEffects,
     .industries = kA01bIndustries,
     .industries_en = kA01bIndustriesEn,
     .designs = kA01bDesigns},
    {.key = "C02F",
     .name = {"水处理", "water treatment"},
     .weight = 6,
     .ipc = kC02fIpc,
     .cpc_tags = {},
     .tasks = kC02fTasks,
     .techniques = kC02fTechniques,
     .signals = kC02fSignals,
     .devices = kC02fDevices,
     .parts = kC02fParts,
     .materials = kC02fMaterials,
     .ingredients = kC02fIngredients,
     .effects = kC02fEffects,
     .industries = kC02fIndustries,
     .industries_en = kC02fIndustriesEn,
     .designs = kC02fDesigns},
    {.key = "E04B",
     .name = {"建筑", "building construction"},
     .weight = 6,
     .ipc = kE04bIpc,
     .cpc_tags = {},
     .tasks = kE04bTasks,
     .techniques = kE04bTechniques,
     .signals = kE04bSignals,
     .devices = kE04bDevices,
     .parts = kE04bParts,
     .materials = kE04bMaterials,
     .ingredients = kE04bIngredients,
     .effects = kE04bEffects,
     .industries = kE04bIndustries,
     .industries_en = kE04bIndustriesEn,
     .designs = kE04bDesigns},
    {.key = "H02J",
     .name = {"电力系统", "electric power systems"},
     .weight = 6,
     .ipc = kH02jIpc,
     .cpc_tags = {},
     .tasks = kH02jTasks,
     .techniques = kH02jTechniques,
     .signals = kH02jSignals,
     .devices = kH02jDevices,
     .parts = kH02jParts,
     .materials = {},
     .ingredients = {},
     .effects = kH02jEffects,
     .industries = kH02jIndustries,
     .industries_en = kH02jIndustriesEn,
     .designs = kH02jDesigns},
};

// ---------------------------------------------------------------------------
// Shared phrases.

constexpr Term kAdjectives[] = {
    {"便于拆卸的", "detachable"},
    {"可调节的", "adjustable"},
    {"防水型", "waterproof"},
    {"高效散热的", "efficiently cooled"},
    {"智能", "intelligent"},
    {"节能型", "energy-saving"},
    {"便携式", "portable"},
    {"模块化", "modular"},
    {"多功能", "multifunctional"},
    {"自动", "automatic"},
    {"新型", "novel"},
};
constexpr Term kPreprocessing[] = {
    {"归一化处理", "normalization"}, {"滤波处理", "filtering"},
    {"去噪处理", "denoising"},       {"特征提取", "feature extraction"},
    {"数据清洗", "data cleaning"},   {"降维处理", "dimensionality reduction"},
};
constexpr Term kPreprocessingDetails[] = {
    {"最大最小值归一化", "min-max normalization"},
    {"小波变换", "a wavelet transform"},
    {"滑动平均滤波", "moving-average filtering"},
    {"主成分分析", "principal component analysis"},
    {"卡尔曼滤波", "Kalman filtering"},
};
constexpr Term kOptimizers[] = {
    {"粒子群算法", "particle swarm optimization"},
    {"遗传算法", "a genetic algorithm"},
    {"贝叶斯优化", "Bayesian optimization"},
    {"Adam优化器", "the Adam optimizer"},
    {"网格搜索", "grid search"},
};
constexpr Term kTerminals[] = {
    {"云端服务器", "a cloud server"},
    {"移动终端", "a mobile terminal"},
    {"监控平台", "a monitoring platform"},
    {"控制器", "a controller"},
};
constexpr Term kPositions[] = {
    {"顶部", "on the top of"},  {"底部", "at the bottom of"}, {"内部", "inside"},
    {"一侧", "on one side of"}, {"两侧", "on both sides of"}, {"外周", "around"},
};
constexpr Term kConnections[] = {
    {"固定连接", "fixedly connected to"},   {"可拆卸连接", "detachably connected to"},
    {"转动连接", "rotatably connected to"}, {"电连接", "electrically connected to"},
    {"滑动连接", "slidably connected to"},  {"螺纹连接", "threadedly connected to"},
};
constexpr Term kFillers[] = {
    {"密封圈", "sealing ring"},
    {"缓冲垫", "cushion pad"},
    {"复位弹簧", "return spring"},
    {"导热硅胶", "thermal silicone"},
};
constexpr Term kCommonMaterials[] = {
    {"铝合金", "aluminium alloy"},
    {"不锈钢", "stainless steel"},
    {"工程塑料", "engineering plastic"},
    {"碳纤维", "carbon fibre"},
    {"橡胶", "rubber"},
    {"陶瓷", "ceramic"},
};
constexpr Term kDimensions[] = {
    {"厚度", "thickness"},
    {"长度", "length"},
    {"直径", "diameter"},
    {"宽度", "width"},
};
constexpr Term kProcesses[] = {
    {"干燥", "drying"},   {"烧结", "sintering"},         {"挤出造粒", "extrusion and pelletizing"},
    {"研磨", "grinding"}, {"冷冻干燥", "freeze-drying"},
};
constexpr Term kProblems[] = {
    {"精度低", "low accuracy"},
    {"成本高", "high cost"},
    {"效率低", "low efficiency"},
    {"稳定性差", "poor stability"},
    {"结构复杂", "complex structures"},
    {"能耗高", "high energy consumption"},
    {"维护不便", "inconvenient maintenance"},
};
constexpr Term kGeneralEffects[] = {
    {"结构简单", "has a simple structure"},
    {"成本低廉", "is inexpensive"},
    {"使用方便", "is convenient to use"},
    {"运行稳定可靠", "operates stably and reliably"},
};
constexpr Term kLicenceKinds[] = {
    {"普通许可", "non-exclusive licence"},
    {"独占许可", "exclusive licence"},
    {"排他许可", "sole licence"},
};

// ---------------------------------------------------------------------------
// Regions (GB/T 2260 codes; Shandong weighted up as the demo province).

constexpr City kCities[] = {
    // Shandong.
    {"山东省", "山东", "济南市", "济南", "370100", "250000", 30},
    {"山东省", "山东", "青岛市", "青岛", "370200", "266000", 28},
    {"山东省", "山东", "淄博市", "淄博", "370300", "255000", 8},
    {"山东省", "山东", "枣庄市", "枣庄", "370400", "277000", 3},
    {"山东省", "山东", "东营市", "东营", "370500", "257000", 5},
    {"山东省", "山东", "烟台市", "烟台", "370600", "264000", 10},
    {"山东省", "山东", "潍坊市", "潍坊", "370700", "261000", 10},
    {"山东省", "山东", "济宁市", "济宁", "370800", "272000", 6},
    {"山东省", "山东", "泰安市", "泰安", "370900", "271000", 4},
    {"山东省", "山东", "威海市", "威海", "371000", "264200", 5},
    {"山东省", "山东", "日照市", "日照", "371100", "276800", 3},
    {"山东省", "山东", "临沂市", "临沂", "371300", "276000", 6},
    {"山东省", "山东", "德州市", "德州", "371400", "253000", 4},
    {"山东省", "山东", "聊城市", "聊城", "371500", "252000", 3},
    {"山东省", "山东", "滨州市", "滨州", "371600", "256600", 3},
    {"山东省", "山东", "菏泽市", "菏泽", "371700", "274000", 3},
    // Municipalities (a district each).
    {"北京市", "北京", "海淀区", "北京", "110108", "100080", 16},
    {"北京市", "北京", "朝阳区", "北京", "110105", "100020", 6},
    {"上海市", "上海", "浦东新区", "上海", "310115", "200120", 12},
    {"上海市", "上海", "闵行区", "上海", "310112", "201100", 5},
    {"天津市", "天津", "滨海新区", "天津", "120116", "300450", 5},
    {"重庆市", "重庆", "渝北区", "重庆", "500112", "401120", 4},
    // Other provinces.
    {"河北省", "河北", "石家庄市", "石家庄", "130100", "050000", 4},
    {"河北省", "河北", "唐山市", "唐山", "130200", "", 2},
    {"河北省", "河北", "保定市", "保定", "130600", "", 2},
    {"山西省", "山西", "太原市", "太原", "140100", "030000", 3},
    {"内蒙古自治区", "内蒙古", "呼和浩特市", "呼和浩特", "150100", "010000", 1},
    {"内蒙古自治区", "内蒙古", "包头市", "包头", "150200", "", 1},
    {"辽宁省", "辽宁", "沈阳市", "沈阳", "210100", "110000", 4},
    {"辽宁省", "辽宁", "大连市", "大连", "210200", "116000", 4},
    {"吉林省", "吉林", "长春市", "长春", "220100", "130000", 3},
    {"黑龙江省", "黑龙江", "哈尔滨市", "哈尔滨", "230100", "150000", 3},
    {"江苏省", "江苏", "南京市", "南京", "320100", "210000", 12},
    {"江苏省", "江苏", "无锡市", "无锡", "320200", "", 6},
    {"江苏省", "江苏", "徐州市", "徐州", "320300", "", 3},
    {"江苏省", "江苏", "常州市", "常州", "320400", "", 5},
    {"江苏省", "江苏", "苏州市", "苏州", "320500", "215000", 12},
    {"江苏省", "江苏", "南通市", "南通", "320600", "", 3},
    {"浙江省", "浙江", "杭州市", "杭州", "330100", "310000", 12},
    {"浙江省", "浙江", "宁波市", "宁波", "330200", "315000", 6},
    {"浙江省", "浙江", "温州市", "温州", "330300", "", 3},
    {"浙江省", "浙江", "嘉兴市", "嘉兴", "330400", "", 3},
    {"浙江省", "浙江", "绍兴市", "绍兴", "330600", "", 2},
    {"浙江省", "浙江", "台州市", "台州", "331000", "", 2},
    {"安徽省", "安徽", "合肥市", "合肥", "340100", "230000", 6},
    {"安徽省", "安徽", "芜湖市", "芜湖", "340200", "", 2},
    {"福建省", "福建", "福州市", "福州", "350100", "350000", 4},
    {"福建省", "福建", "厦门市", "厦门", "350200", "361000", 4},
    {"福建省", "福建", "泉州市", "泉州", "350500", "", 3},
    {"江西省", "江西", "南昌市", "南昌", "360100", "330000", 3},
    {"河南省", "河南", "郑州市", "郑州", "410100", "450000", 5},
    {"河南省", "河南", "洛阳市", "洛阳", "410300", "", 2},
    {"湖北省", "湖北", "武汉市", "武汉", "420100", "430000", 8},
    {"湖北省", "湖北", "宜昌市", "宜昌", "420500", "", 1},
    {"湖北省", "湖北", "襄阳市", "襄阳", "420600", "", 1},
    {"湖南省", "湖南", "长沙市", "长沙", "430100", "410000", 6},
    {"湖南省", "湖南", "株洲市", "株洲", "430200", "", 2},
    {"广东省", "广东", "广州市", "广州", "440100", "510000", 10},
    {"广东省", "广东", "深圳市", "深圳", "440300", "518000", 16},
    {"广东省", "广东", "珠海市", "珠海", "440400", "519000", 3},
    {"广东省", "广东", "佛山市", "佛山", "440600", "", 5},
    {"广东省", "广东", "东莞市", "东莞", "441900", "", 5},
    {"广东省", "广东", "中山市", "中山", "442000", "", 2},
    {"广西壮族自治区", "广西", "南宁市", "南宁", "450100", "530000", 2},
    {"海南省", "海南", "海口市", "海口", "460100", "570000", 1},
    {"四川省", "四川", "成都市", "成都", "510100", "610000", 8},
    {"四川省", "四川", "绵阳市", "绵阳", "510700", "", 2},
    {"贵州省", "贵州", "贵阳市", "贵阳", "520100", "550000", 2},
    {"云南省", "云南", "昆明市", "昆明", "530100", "650000", 2},
    {"西藏自治区", "西藏", "拉萨市", "拉萨", "540100", "850000", 1},
    {"陕西省", "陕西", "西安市", "西安", "610100", "710000", 6},
    {"甘肃省", "甘肃", "兰州市", "兰州", "620100", "730000", 1},
    {"青海省", "青海", "西宁市", "西宁", "630100", "810000", 1},
    {"宁夏回族自治区", "宁夏", "银川市", "银川", "640100", "750000", 1},
    {"新疆维吾尔自治区", "新疆", "乌鲁木齐市", "乌鲁木齐", "650100", "830000", 1},
};

constexpr UsCity kUsCities[] = {
    {"San Jose", "CA"},    {"San Diego", "CA"}, {"Austin", "TX"},  {"Boston", "MA"},
    {"Seattle", "WA"},     {"Ann Arbor", "MI"}, {"Raleigh", "NC"}, {"Pittsburgh", "PA"},
    {"Minneapolis", "MN"}, {"Denver", "CO"},    {"Phoenix", "AZ"}, {"Atlanta", "GA"},
    {"Chicago", "IL"},     {"Portland", "OR"},  {"Madison", "WI"}, {"Rochester", "NY"},
};

// ---------------------------------------------------------------------------
// Name pieces.

constexpr Sv kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
    "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔",
};
constexpr Sv kGivenNameCharacters[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "英", "华", "玉", "兰", "辉", "鹏", "飞", "宇", "浩", "凯", "鑫",
    "婷", "雪", "琳", "晨", "欣", "博", "文", "思", "佳", "子", "涵", "俊", "建", "国", "志", "海",
    "峰", "斌", "昊", "天", "然", "瑞", "阳", "亮", "成", "晓", "红", "梅", "云", "龙", "波", "宁",
    "丹", "彬", "震", "庆", "泽", "睿", "悦", "颖", "瑶", "琪", "楠", "航", "锋", "帅", "坤", "婧",
};
constexpr Sv kTradeNameCharacters[] = {
    "华", "泰", "鑫", "源", "瑞", "恒", "德", "智", "科", "达", "通", "信", "联", "创", "宏",
    "盛", "博", "远", "金", "海", "天", "宇", "星", "光", "新", "嘉", "润", "丰", "安", "康",
    "力", "航", "诚", "卓", "越", "睿", "川", "晟", "昊", "众", "汇", "益", "中", "迈", "锐",
    "驰", "合", "普", "精", "耀", "腾", "翔", "聚", "邦", "弘", "鼎", "辰", "岳", "泓", "澜",
};
constexpr Sv kCompanySuffixes[] = {"有限公司",     "有限公司",     "有限公司",     "有限公司",
                                   "有限公司",     "股份有限公司", "股份有限公司", "股份有限公司",
                                   "有限责任公司", "集团有限公司"};
constexpr Sv kEpithets[] = {"致远", "明德", "博雅", "弘毅", "格致", "求实", "启明", "星河",
                            "滨海", "东岳", "清源", "崇实", "海岱", "新桥", "长河", "青山"};
constexpr Sv kUniversityKinds[] = {
    "理工大学", "理工大学", "科技大学", "科技大学",     "工业大学",     "大学",    "农业大学",
    "医科大学", "师范大学", "交通大学", "电子科技大学", "职业技术学院", "工程学院"};
constexpr Sv kInstituteKinds[] = {"研究院", "研究所", "工程技术研究中心", "产业技术研究院"};
constexpr Sv kRoads[] = {"科技路",     "高新大道", "创新路", "工业北路", "经十路",   "学府路",
                         "开发区大道", "长江路",   "黄河路", "泰山路",   "滨海大道", "人民路",
                         "新华路",     "中山路",   "文化路", "园区路"};
constexpr Sv kBanks[] = {"岱宗商业银行股份有限公司",     "海岳银行股份有限公司",
                         "汇泉农村商业银行股份有限公司", "齐泰银行股份有限公司",
                         "瀚海银行股份有限公司",         "华岳科技银行股份有限公司"};

constexpr Sv kEnglishFirstNames[] = {
    "James", "Mary", "Robert", "Linda",  "Michael", "Jennifer", "David", "Susan", "Daniel", "Karen",
    "Wei",   "Jun",  "Priya",  "Carlos", "Anna",    "Thomas",   "Laura", "Kevin", "Emily",  "Hiro"};
constexpr Sv kEnglishLastNames[] = {"Smith",  "Johnson", "Williams", "Brown",    "Jones",  "Garcia",
                                    "Miller", "Davis",   "Wilson",   "Anderson", "Taylor", "Thomas",
                                    "Moore",  "Martin",  "Lee",      "Chen",     "Wang",   "Patel",
                                    "Kim",    "Nguyen",  "Clark",    "Lewis",    "Walker", "Young"};
constexpr Sv kEnglishNameStems[] = {"North", "Blue",   "Silver", "Clear",  "Bright",  "Iron",
                                    "Red",   "Summit", "Harbor", "Cedar",  "Granite", "Pine",
                                    "Lake",  "River",  "Eagle",  "Falcon", "Vertex",  "Nova"};
constexpr Sv kEnglishNameRoots[] = {"wind", "field", "gate", "stone", "ridge", "wave",
                                    "path", "point", "line", "brook", "crest", "view"};

}  // namespace

std::span<const FieldVocabulary> Fields() { return kFields; }

std::span<const Term> Adjectives() { return kAdjectives; }
std::span<const Term> Preprocessing() { return kPreprocessing; }
std::span<const Term> PreprocessingDetails() { return kPreprocessingDetails; }
std::span<const Term> Optimizers() { return kOptimizers; }
std::span<const Term> Terminals() { return kTerminals; }
std::span<const Term> Positions() { return kPositions; }
std::span<const Term> Connections() { return kConnections; }
std::span<const Term> Fillers() { return kFillers; }
std::span<const Term> CommonMaterials() { return kCommonMaterials; }
std::span<const Term> Dimensions() { return kDimensions; }
std::span<const Term> Processes() { return kProcesses; }
std::span<const Term> Problems() { return kProblems; }
std::span<const Term> GeneralEffects() { return kGeneralEffects; }
std::span<const Term> LicenceKinds() { return kLicenceKinds; }

std::span<const City> Cities() { return kCities; }
std::span<const UsCity> UsCities() { return kUsCities; }

std::span<const std::string_view> Surnames() { return kSurnames; }
std::span<const std::string_view> GivenNameCharacters() { return kGivenNameCharacters; }
std::span<const std::string_view> TradeNameCharacters() { return kTradeNameCharacters; }
std::span<const std::string_view> CompanySuffixes() { return kCompanySuffixes; }
std::span<const std::string_view> Epithets() { return kEpithets; }
std::span<const std::string_view> UniversityKinds() { return kUniversityKinds; }
std::span<const std::string_view> InstituteKinds() { return kInstituteKinds; }
std::span<const std::string_view> Roads() { return kRoads; }
std::span<const std::string_view> Banks() { return kBanks; }

std::span<const std::string_view> EnglishFirstNames() { return kEnglishFirstNames; }
std::span<const std::string_view> EnglishLastNames() { return kEnglishLastNames; }
std::span<const std::string_view> EnglishNameStems() { return kEnglishNameStems; }
std::span<const std::string_view> EnglishNameRoots() { return kEnglishNameRoots; }

}  // namespace iphub::patents::demo
